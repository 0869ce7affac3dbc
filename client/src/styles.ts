/** Injected once; themable with CSS custom properties (--smi-accent, --smi-radius, --smi-font, …). */
export const CSS = `.smi-btn{display:inline-block;box-sizing:border-box;text-align:center;text-decoration:none;font:inherit;font-family:var(--smi-font,inherit);background:var(--smi-accent,#4945ff);color:var(--smi-accent-text,#fff);border:0;border-radius:var(--smi-radius,6px);padding:.5em 1em;margin:.5em 0;cursor:pointer}
.smi-btn:focus-visible,.smi-dialog :focus-visible{outline:3px solid var(--smi-focus,#ffb400);outline-offset:2px}
.smi-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:center;justify-content:center;z-index:2147483000;padding:1em}
.smi-dialog{background:var(--smi-bg,#fff);color:var(--smi-text,#1f2430);font-family:var(--smi-font,system-ui,sans-serif);border-radius:var(--smi-radius,8px);max-width:28em;width:100%;padding:1.5em;position:relative;box-shadow:0 10px 40px rgba(0,0,0,.3);animation:smi-in .15s ease-out}
.smi-dialog h2{margin:0 2em .75em 0;font-size:1.25em}
.smi-dialog fieldset{border:0;margin:0 0 1em;padding:0}
.smi-dialog legend,.smi-dialog label.smi-field{font-weight:600;display:block;margin-bottom:.4em}
.smi-opt{display:flex;gap:.5em;align-items:baseline;padding:.4em 0}
.smi-dialog details{margin:0 0 1em}
.smi-terms{white-space:pre-wrap;max-height:10em;overflow:auto}
.smi-opt small{color:var(--smi-muted,#6b7080)}
.smi-dialog input[type=email]{width:100%;box-sizing:border-box;padding:.5em;border:1px solid var(--smi-border,#c0c4ce);border-radius:4px;font:inherit}
.smi-close{position:absolute;top:.75em;right:.75em;background:none;border:0;font-size:1.5em;line-height:1;cursor:pointer;color:inherit}
.smi-error{color:var(--smi-error,#b42318);min-height:1.2em}
.smi-dialog .smi-btn{width:100%;margin-top:.5em}
.smi-dialog{max-height:100vh;overflow:auto;box-sizing:border-box}
.smi-lines{list-style:none;padding:0}
.smi-card{display:flex;gap:.75em;align-items:center}
.smi-card img{width:4em;height:4em;object-fit:cover}
.smi-card small,.smi-note{display:block;color:var(--smi-muted,#6b7080)}
.smi-pv{position:relative;line-height:0;touch-action:none;user-select:none;--smi-pv:50%;max-width:20em;margin:auto}
.smi-pv img{width:100%;height:auto}
.smi-pv-a{position:absolute;inset:0;clip-path:inset(0 0 0 var(--smi-pv))}
.smi-pv-h{position:absolute;top:0;bottom:0;left:var(--smi-pv);width:4px;margin-left:-2px;background:#fff;outline:1px solid #000;cursor:ew-resize}
.smi-pv-l{position:absolute;top:0;left:0;line-height:1.4;font-size:.8em;background:#000b;color:#fff;padding:0 .4em}
.smi-pv-r{left:auto;right:0}
@keyframes smi-in{from{opacity:0;transform:translateY(8px)}}
@media (prefers-reduced-motion:reduce){.smi-dialog{animation:none}}`;

/** The cart's additions (client/src/cart.ts), injected by `enableCart` only. */
export const CART_CSS = `.smi-btn[hidden]{display:none}
.smi-fixed{position:fixed;right:1em;bottom:1em;z-index:2147482999}
.smi-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.smi-dialog .smi-alt{background:none;color:var(--smi-accent,#4945ff);border:1px solid}
.smi-dialog ul{list-style:none;padding:0;max-height:50vh;overflow:auto}
.smi-dialog li{display:flex;gap:.75em;align-items:center;padding:.5em 0}
.smi-dialog li img{width:3em;height:3em;object-fit:cover}
.smi-dialog li div{flex:1}`;

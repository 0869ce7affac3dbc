/** Injected once; themable with CSS custom properties (--smi-accent, --smi-radius, --smi-font, …). */
export const CSS = `.smi-btn{display:inline-block;box-sizing:border-box;text-align:center;text-decoration:none;font:inherit;font-family:var(--smi-font,inherit);background:var(--smi-accent,#4945ff);color:var(--smi-accent-text,#fff);border:0;border-radius:var(--smi-radius,6px);padding:.5em 1em;margin:.5em 0;cursor:pointer}
.smi-btn:focus-visible,.smi-dialog :focus-visible{outline:3px solid var(--smi-focus,#ffb400);outline-offset:2px}
.smi-backdrop{position:fixed;inset:0;background:#0008;display:flex;align-items:center;justify-content:center;z-index:2147483000;padding:1em}
.smi-dialog{background:var(--smi-bg,#fff);color:var(--smi-text,#1f2430);font-family:var(--smi-font,system-ui,sans-serif);border-radius:var(--smi-radius,8px);max-width:28em;width:100%;max-height:100vh;overflow:auto;box-sizing:border-box;padding:1.5em;position:relative;box-shadow:0 9px 40px #0005;animation:smi-in .15s}
.smi-dialog h2{margin:0 2em .75em 0;font-size:1.25em}
.smi-dialog fieldset,.smi-dialog details{border:0;margin:0 0 1em;padding:0}
.smi-dialog legend,.smi-field{font-weight:600;display:block;margin-bottom:.4em}
.smi-opt{display:flex;gap:.5em;align-items:baseline;padding:.4em 0}
.smi-terms{white-space:pre-wrap;max-height:10em;overflow:auto}
.smi-opt small,.smi-card small,.smi-note{display:block;color:var(--smi-muted,#6b7080)}
.smi-opt small{display:inline}
.smi-dialog input[type=email]{width:100%;box-sizing:border-box;padding:.5em;border:1px solid var(--smi-border,#c0c4ce);border-radius:4px;font:inherit}
.smi-close{position:absolute;top:.75em;right:.75em;background:none;border:0;font-size:1.5em;line-height:1;cursor:pointer;color:inherit}
.smi-error{color:var(--smi-error,#b42318);min-height:1.2em}
.smi-dialog .smi-btn{width:100%;margin-top:.5em}
.smi-lines{list-style:none;padding:0}
.smi-card{display:flex;gap:.75em;align-items:center}
.smi-card img{width:4em;height:4em;object-fit:cover}
.smi-pv{position:relative;line-height:0;touch-action:none;user-select:none;--smi-pv:50%;max-width:20em;margin:auto}
.smi-pv img{width:100%}
.smi-pv-a,.smi-pv-h,.smi-pv-l{position:absolute;top:0;bottom:0;left:0}
.smi-pv-a{right:0;clip-path:inset(0 0 0 var(--smi-pv))}
.smi-pv-h{left:var(--smi-pv);width:4px;margin-left:-2px;background:#fff;outline:1px solid #000;cursor:ew-resize}
.smi-pv-l{bottom:auto;line-height:1.4;font-size:.8em;background:#000b;color:#fff;padding:0 .4em}
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
.smi-dialog li div{flex:1}
.smi-dialog li .smi-btn{width:auto}`;

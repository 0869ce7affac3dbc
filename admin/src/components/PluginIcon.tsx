import { forwardRef, type SVGProps } from 'react';
import { useTheme } from 'styled-components';

/**
 * The plugin's own menu icon (docs/architecture.md, "Admin panel"): a picture with an
 * enlarge arrow out of its corner, for "sell upscaled copies of your images". Drawn like
 * the `@strapi/icons` components so it follows the admin's theme: filled with
 * `currentColor` by default, and a theme colour name (the main menu passes
 * `fill="neutral500"`) is looked up in the theme.
 */
export const PLUGIN_ICON_PATH =
  'M4 6h8v2H4v10h10v-6h2v6a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2z' +
  'M6 16.5l2.5-3.5 2 2.5 1.5-1.5 1.5 2.5z' +
  'M15 3h6v6l-2.2-2.2-4.4 4.4-1.6-1.6 4.4-4.4z';

function isThemeColor<C extends object>(colors: C, name: string): name is Extract<keyof C, string> {
  return name in colors;
}

export const PluginIcon = forwardRef<SVGSVGElement, SVGProps<SVGSVGElement>>(function PluginIcon(
  { fill = 'currentColor', stroke, ...props },
  ref,
) {
  const colors = useTheme()?.colors;
  const themed = (value: string | undefined) =>
    value !== undefined && colors !== undefined && isThemeColor(colors, value)
      ? colors[value]
      : value;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width={16}
      height={16}
      fill={themed(fill)}
      stroke={themed(stroke)}
      data-testid="sell-my-images-icon"
      ref={ref}
      {...props}
    >
      <path d={PLUGIN_ICON_PATH} />
    </svg>
  );
});

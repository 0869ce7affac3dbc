/**
 * The main menu's icon is the plugin's own (not Media Library's `Images` from
 * @strapi/icons), and it follows the admin theme the way @strapi/icons components do.
 */
import type { ReactElement } from 'react';
import { render as renderBare } from '@testing-library/react';
import { DesignSystemProvider, lightTheme } from '@strapi/design-system';
import { Images } from '@strapi/icons';
import { PLUGIN_ICON_PATH, PluginIcon } from '../../admin/src/components/PluginIcon';

/** Inside the admin's theme, as every menu icon is. */
const render = (ui: ReactElement) =>
  renderBare(
    <DesignSystemProvider locale="en" theme={lightTheme}>
      {ui}
    </DesignSystemProvider>,
  );

const pathsOf = (svg: Element | null) =>
  Array.from(svg?.querySelectorAll('path') ?? []).map((path) => path.getAttribute('d'));

describe('PluginIcon (the main menu icon)', () => {
  it('renders its own 24×24 drawing, not Media Library’s', () => {
    const ours = render(<PluginIcon />).container.querySelector('svg');
    const mediaLibrary = render(<Images />).container.querySelector('svg');

    expect(ours).not.toBeNull();
    expect(ours?.getAttribute('viewBox')).toBe('0 0 24 24');
    expect(pathsOf(ours)).toEqual([PLUGIN_ICON_PATH]);
    expect(pathsOf(mediaLibrary)).not.toContain(PLUGIN_ICON_PATH);
    expect(pathsOf(ours)).not.toEqual(pathsOf(mediaLibrary));
  });

  it('is filled with currentColor unless told otherwise', () => {
    const svg = render(<PluginIcon />).container.querySelector('svg');
    expect(svg?.getAttribute('fill')).toBe('currentColor');
  });

  it('takes a theme colour name, as the main menu passes it, and the menu’s size', () => {
    const { getByTestId } = render(<PluginIcon width="20" height="20" fill="neutral500" />);
    const svg = getByTestId('sell-my-images-icon');
    expect(svg.getAttribute('fill')).toBe(lightTheme.colors.neutral500);
    expect(svg.getAttribute('width')).toBe('20');
  });
});

import { screen } from '@testing-library/react';
import { HomePage } from '../../admin/src/pages/HomePage';
import { PluginNav } from '../../admin/src/components/PluginNav';
import { grant, mockApi } from './support/admin-test-state';
import { renderAdmin } from './support/render';

describe('overview page and navigation', () => {
  it('shows the plugin version read from the health route', async () => {
    mockApi({ 'GET /sell-my-images/health': { status: 'ok', version: '9.8.7' } });
    renderAdmin(<HomePage />);
    expect(await screen.findByText(/version 9\.8\.7/)).toBeTruthy();
  });

  it('says so when the status cannot be read', async () => {
    renderAdmin(<HomePage />);
    expect(
      await screen.findByText('The plugin’s status could not be read.'.replace('’', "'")),
    ).toBeTruthy();
  });

  it('links every page of the plugin, in French too', () => {
    renderAdmin(<PluginNav />, { locale: 'fr' });
    const links = screen.getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')]);
    expect(links).toEqual([
      ['Vue d’ensemble', '/plugins/sell-my-images'],
      ['Commandes', '/plugins/sell-my-images/jobs'],
      ['Statistiques', '/plugins/sell-my-images/analytics'],
      ['Médias en vente', '/plugins/sell-my-images/media'],
      ['E-mails aux clients', '/plugins/sell-my-images/emails'],
      ['Confidentialité', '/plugins/sell-my-images/privacy'],
      ['Réglages', '/settings/sell-my-images'],
    ]);
  });

  it('links the privacy page only for admins with privacy.manage', () => {
    grant(['read', 'jobs.read', 'settings.read']);
    renderAdmin(<PluginNav />);
    const links = screen.getAllByRole('link').map((a) => a.textContent);
    expect(links).toEqual([
      'Overview',
      'Jobs',
      'Analytics',
      'Sellable media',
      'Customer e-mails',
      'Settings',
    ]);
  });

  it('links the customer e-mails only for admins who may read the settings', () => {
    grant(['read', 'jobs.read']);
    renderAdmin(<PluginNav />);
    const links = screen.getAllByRole('link').map((a) => a.textContent);
    expect(links).not.toContain('Customer e-mails');
    expect(links).toContain('Sellable media');
  });
});

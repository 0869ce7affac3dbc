import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import EmailsPage from '../../admin/src/pages/EmailsPage';
import type { Settings } from '../../shared/contracts/settings';
import { defaultEmailTemplate } from '../../shared/email-texts';
import { adminState, grant, requestsTo } from './support/admin-test-state';
import { renderAdmin } from './support/render';
import { savedSettings, serveSettings, settingsAnswer, validationError } from './support/settings';
import { mockApi } from './support/admin-test-state';
import { choose } from './support/ui';

configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);

/**
 * The "Customer e-mails" page against a fake settings API: the preview is the shared
 * renderer's output for the text on screen, Save sends the owner's template in
 * `emailTemplates`, Reset removes it, and the page follows the settings permissions.
 */
const serve = (changes: Partial<Settings> = {}) =>
  serveSettings((update = {}) =>
    settingsAnswer(savedSettings({ siteName: 'Harbour Photos', ...changes, ...update })),
  );

const subject = () =>
  screen.findByRole('textbox', { name: 'Subject' }) as Promise<HTMLInputElement>;
const body = () => screen.getByRole('textbox', { name: 'Body' }) as HTMLTextAreaElement;
const previewFrame = () => screen.getByTitle('E-mail preview').getAttribute('srcdoc') ?? '';
const previewSubject = () => screen.getByTestId('preview-subject').textContent;
const saves = () => requestsTo('PUT', '/sell-my-images/settings');

describe('customer e-mails page', () => {
  it('shows the default English text, and the preview follows what the owner types', async () => {
    serve();
    const user = userEvent.setup();
    renderAdmin(<EmailsPage />);
    expect((await subject()).value).toBe(defaultEmailTemplate('en', 'link').subject);
    expect(previewSubject()).toBe('Your high-resolution image is ready — Harbour Photos');
    expect(previewFrame()).toContain('harbour-at-dawn.jpg');

    fireEvent.change(body(), { target: { value: '# Hello <b>\n\nGet {{imageName}} now' } });
    await waitFor(() => expect(previewFrame()).toContain('Get harbour-at-dawn.jpg now'));
    expect(previewFrame()).toContain('Hello &lt;b&gt;</h1>');
    expect(screen.getByText('Unsaved changes')).toBeTruthy();

    // A placeholder button inserts its token where the cursor is.
    const textarea = body();
    textarea.focus();
    textarea.setSelectionRange(4, 4);
    await user.click(screen.getByRole('button', { name: '{{orderId}}' }));
    expect(body().value).toBe('# He{{orderId}}llo <b>\n\nGet {{imageName}} now');

    // An unknown placeholder is named at once, the preview waits, Save is off.
    fireEvent.change(body(), { target: { value: 'Get {{nope}}' } });
    expect(await screen.findByText('Unknown placeholder {{nope}}')).toBeTruthy();
    expect(screen.getByText('Fix the template to see the preview.')).toBeTruthy();
    expect(
      screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled') ||
        screen.getByRole('button', { name: 'Save' }).getAttribute('aria-disabled') === 'true',
    ).toBe(true);
  });

  it('lists the cart order e-mail, its list and ZIP placeholders, and previews the list', async () => {
    serve();
    const user = userEvent.setup();
    renderAdmin(<EmailsPage />);
    await subject();
    await choose(user, 'E-mail', 'Cart order (every image, ZIP)');
    expect((await subject()).value).toBe(defaultEmailTemplate('en', 'order').subject);
    expect(screen.getByRole('button', { name: '{{items}}' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '{{zipUrl}}' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '{{downloadUrl}}' })).toBeNull();
    await waitFor(() => expect(previewFrame()).toContain('<li'));
    expect(previewFrame()).toContain('harbour-at-dawn.jpg — 4x (8000 × 5332 px)');
    expect(previewFrame()).toContain('Download all (ZIP)</a>');
    expect(previewFrame()).toMatch(
      /<li[^>]*>night-market\.jpg — 4x: could not be prepared, .+ refunded<\/li>/,
    );
  });

  it('saves the edited French e-mail in emailTemplates, then resets it to the default', async () => {
    const server = serve({
      emailTemplates: { en: { failure: { subject: 'Sorry', body: 'Refunded {{refundAmount}}' } } },
    });
    const user = userEvent.setup();
    renderAdmin(<EmailsPage />);
    await subject();
    await choose(user, 'Language', 'French');
    await choose(user, 'E-mail', 'Link expires soon (reminder)');
    expect((await subject()).value).toBe(defaultEmailTemplate('fr', 'reminder').subject);
    expect(previewFrame()).toContain('<html lang="fr">');
    expect(previewFrame()).toMatch(/expire le jeudi 12 mars 2026 à 18:00 UTC/);

    fireEvent.change(await subject(), { target: { value: 'Dernier rappel : {{imageName}}' } });
    fireEvent.change(body(), {
      target: { value: 'Avant le {{expiresAt}} : [ici]({{downloadUrl}})' },
    });
    await waitFor(() => expect(previewSubject()).toBe('Dernier rappel : harbour-at-dawn.jpg'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(saves()).toHaveLength(1));
    expect(saves()[0]?.body).toEqual({
      emailTemplates: {
        en: { failure: { subject: 'Sorry', body: 'Refunded {{refundAmount}}' } },
        fr: {
          reminder: {
            subject: 'Dernier rappel : {{imageName}}',
            body: 'Avant le {{expiresAt}} : [ici]({{downloadUrl}})',
          },
        },
      },
    });
    expect(await screen.findByText('Edited')).toBeTruthy();
    expect(server.answer.settings.emailTemplates.fr?.reminder?.subject).toBe(
      'Dernier rappel : {{imageName}}',
    );

    await user.click(screen.getByRole('button', { name: 'Reset to default' }));
    await waitFor(() => expect(saves()).toHaveLength(2));
    expect(saves()[1]?.body).toEqual({
      emailTemplates: { en: { failure: { subject: 'Sorry', body: 'Refunded {{refundAmount}}' } } },
    });
    await waitFor(async () =>
      expect((await subject()).value).toBe(defaultEmailTemplate('fr', 'reminder').subject),
    );
    expect(screen.getByText('Default text')).toBeTruthy();
  });

  it('shows the server refusing a template under its field', async () => {
    serve();
    mockApi({
      'PUT /sell-my-images/settings': () =>
        validationError({ 'emailTemplates.en.link.subject': 'Too long for the server' }),
    });
    const user = userEvent.setup();
    renderAdmin(<EmailsPage />);
    fireEvent.change(await subject(), { target: { value: 'Ready' } });
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Too long for the server')).toBeTruthy();
    expect(adminState.notifications.at(-1)).toMatchObject({ type: 'danger' });
  });

  it('lets an admin without settings.update read the e-mails but not change them', async () => {
    grant(['read', 'settings.read']);
    serve();
    renderAdmin(<EmailsPage />);
    const input = await subject();
    expect(input.disabled).toBe(true);
    const header = screen.getByRole('button', { name: 'Save' });
    expect(header.hasAttribute('disabled') || header.getAttribute('aria-disabled') === 'true').toBe(
      true,
    );
    expect(
      within(screen.getByRole('group', { name: 'Placeholders' }))
        .getAllByRole('button')[0]
        ?.hasAttribute('disabled'),
    ).toBe(true);
  });
});

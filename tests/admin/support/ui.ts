/** What the admin tests do on the page as a user, and read of it as assistive tech does. */
import { screen } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';

export type User = ReturnType<typeof userEvent.setup>;

/** Picks `option` in the select named `combobox` as a user does: opens it, clicks the option. */
export async function choose(user: User, combobox: string, option: string): Promise<void> {
  await user.click(screen.getByRole('combobox', { name: combobox }));
  await user.click(await screen.findByRole('option', { name: option }));
}

/** `aria-checked` of the checkbox or switch named `name`: 'true', 'false' or 'mixed'. */
export const ariaChecked = (role: 'checkbox' | 'switch', name: string) =>
  screen.getByRole(role, { name }).getAttribute('aria-checked');

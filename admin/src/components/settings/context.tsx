import { createContext, useContext } from 'react';
import type { SettingsAnswer } from '../../../../shared/contracts/settings-routes';
import type { FieldErrors } from '../../api/client';
import type { FormValues } from './form';

export interface SettingsFormState {
  /** What the server answered last (saved values, masked secrets, environment locks). */
  answer: SettingsAnswer;
  values: FormValues;
  setValue: <K extends keyof FormValues>(field: K, value: FormValues[K]) => void;
  /** Per-field messages: the browser's own checks, then the server's (save or preview). */
  errors: FieldErrors;
  /** The admin lacks settings.update: everything is shown, nothing can be changed. */
  readOnly: boolean;
}

const SettingsFormContext = createContext<SettingsFormState | null>(null);

export const SettingsFormProvider = SettingsFormContext.Provider;

/** The form state shared by every section and field of the settings page. */
export function useSettingsForm(): SettingsFormState {
  const state = useContext(SettingsFormContext);
  if (!state) throw new Error('useSettingsForm must be used inside the settings page');
  return state;
}

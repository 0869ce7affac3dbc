import { useRef } from 'react';
import { Field, Flex, Textarea, TextInput } from '@strapi/design-system';
import type { EmailTemplateText } from '../../../../shared/email-rendering';
import type { CustomerEmailKind } from '../../../../shared/contracts/email-templates';
import { useT } from '../../utils/useT';
import { PlaceholderList } from './PlaceholderList';

type FieldName = keyof EmailTemplateText;

interface Props {
  kind: CustomerEmailKind;
  value: EmailTemplateText;
  errors: Partial<Record<FieldName, string>>;
  disabled: boolean;
  onChange: (value: EmailTemplateText) => void;
}

/** Subject and body of one e-mail, with the placeholders that insert where the cursor was. */
export const EmailTemplateFields = ({ kind, value, errors, disabled, onChange }: Props) => {
  const t = useT();
  const subject = useRef<HTMLInputElement>(null);
  const body = useRef<HTMLTextAreaElement>(null);
  const focused = useRef<FieldName>('body');

  const insert = (token: string) => {
    const field = focused.current;
    const element = field === 'subject' ? subject.current : body.current;
    const text = value[field];
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? start;
    onChange({ ...value, [field]: text.slice(0, start) + token + text.slice(end) });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Field.Root name="subject" error={errors.subject}>
        <Field.Label>{t('emails.subject')}</Field.Label>
        <TextInput
          ref={subject}
          value={value.subject}
          disabled={disabled}
          maxLength={200}
          onFocus={() => (focused.current = 'subject')}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
            onChange({ ...value, subject: event.target.value })
          }
        />
        <Field.Error />
      </Field.Root>
      <Field.Root name="body" error={errors.body} hint={t('emails.body.hint')}>
        <Field.Label>{t('emails.body')}</Field.Label>
        <Textarea
          ref={body}
          value={value.body}
          disabled={disabled}
          rows={18}
          onFocus={() => (focused.current = 'body')}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
            onChange({ ...value, body: event.target.value })
          }
        />
        <Field.Error />
        <Field.Hint />
      </Field.Root>
      <PlaceholderList kind={kind} disabled={disabled} onInsert={insert} />
    </Flex>
  );
};

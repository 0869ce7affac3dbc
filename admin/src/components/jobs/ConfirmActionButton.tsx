import { useState, type ReactElement } from 'react';
import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';

interface Props {
  /** The button's visible text, e.g. "Refund". */
  label: string;
  icon?: ReactElement;
  variant?: 'secondary' | 'danger-light' | 'danger' | 'default' | 'tertiary';
  title: string;
  description: string;
  /** The confirm button's text, e.g. "Yes, refund". */
  confirmLabel: string;
  cancelLabel: string;
  /** The button cannot be pressed (nothing to act on yet). */
  disabled?: boolean;
  /** Runs the action; the dialog stays open (busy) until it settles, then closes. */
  onConfirm: () => Promise<void>;
}

/** A button that asks before it acts: every job action changes money, files or e-mails. */
export const ConfirmActionButton = ({
  label,
  icon,
  variant = 'secondary',
  title,
  description,
  confirmLabel,
  cancelLabel,
  disabled = false,
  onConfirm,
}: Props) => {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !busy && setOpen(next)}>
      <Dialog.Trigger>
        <Button variant={variant} startIcon={icon} disabled={disabled}>
          {label}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Dialog.Description textAlign="center">{description}</Dialog.Description>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary" disabled={busy}>
              {cancelLabel}
            </Button>
          </Dialog.Cancel>
          {/* Not Dialog.Action: that closes at once, before the request has answered. */}
          <Button
            fullWidth
            variant={variant === 'danger-light' || variant === 'danger' ? 'danger' : 'default'}
            loading={busy}
            onClick={confirm}
          >
            {confirmLabel}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};

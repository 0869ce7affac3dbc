import { EventEmitter } from 'node:events';
import { waitForChange } from '../support/wait-for-change';
import type { CapturedMessage } from './types';

export type MessagePredicate = (message: CapturedMessage) => boolean;

const DEFAULT_WAIT_MS = 5_000;

/** The received messages, oldest first, and waiting for the next one that matches. */
export class Mailbox {
  private readonly received: CapturedMessage[] = [];
  private readonly arrivals = new EventEmitter();
  private nextId = 1;
  private closed = false;

  constructor() {
    this.arrivals.setMaxListeners(0);
  }

  get messages(): readonly CapturedMessage[] {
    return this.received;
  }

  newId(): string {
    const id = String(this.nextId);
    this.nextId += 1;
    return id;
  }

  add(message: CapturedMessage): void {
    this.received.push(message);
    this.arrivals.emit('change');
  }

  find(id: string): CapturedMessage | undefined {
    return this.received.find((message) => message.id === id);
  }

  clear(): void {
    this.received.length = 0;
  }

  /**
   * Resolves with the first message (already received or arriving later) that matches
   * `predicate`; rejects after `timeoutMs` or when the capture closes.
   */
  waitForMessage(
    predicate: MessagePredicate = () => true,
    timeoutMs: number = DEFAULT_WAIT_MS,
  ): Promise<CapturedMessage> {
    return waitForChange(
      this.arrivals,
      () => {
        const match = this.received.find((message) => predicate(message));
        if (match) return match;
        if (this.closed) throw new Error('SMTP capture closed while waiting for a message');
        return undefined;
      },
      timeoutMs,
      () => {
        const subjects = this.received.map((message) => JSON.stringify(message.subject)).join(', ');
        return new Error(
          `No e-mail matching the predicate arrived within ${timeoutMs} ms ` +
            `(${this.received.length} received${subjects ? `: ${subjects}` : ''})`,
        );
      },
    );
  }

  /** Fails every pending wait. */
  close(): void {
    this.closed = true;
    this.arrivals.emit('change');
  }
}

import type { Notifier, NotifyEvent } from '../../src/core/ports.js';

/** A Notifier that remembers what it was asked to send (the bot's Telegram notifier is the real one). */
export class RecordingNotifier implements Notifier {
  readonly sent: { userId: number; event: NotifyEvent }[] = [];

  async notify(userId: number, event: NotifyEvent): Promise<void> {
    this.sent.push({ userId, event });
  }

  kinds(): string[] {
    return this.sent.map((s) => s.event.kind);
  }
}

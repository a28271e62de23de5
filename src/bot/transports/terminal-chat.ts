import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { InlineKeyboardButton, Message } from 'grammy/types';
import type { BotEvent, LocalBotApi } from './local-bot-api.js';

export interface TerminalChatOptions {
  readonly api: LocalBotApi;
  readonly userId: number;
  readonly firstName: string;
  /** Where photos and documents the bot sends are saved. */
  readonly outputDir: string;
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Called when the user leaves (Ctrl-D, /quit). */
  readonly onExit: () => void;
}

/**
 * The terminal demo chat: the user types messages and commands; the bot's messages are printed,
 * inline buttons appear numbered ([1] … [n]) and are pressed by typing the number; photos and
 * documents are saved to a folder and their paths printed. Behind it is the real bot, long
 * polling a local Bot API server, so the demo runs exactly the Telegram code path.
 */
export class TerminalChat {
  /** Buttons of the most recently printed keyboard, by number. */
  private buttons: { messageId: number; button: InlineKeyboardButton.CallbackButton }[] = [];
  private closed = false;

  constructor(private readonly o: TerminalChatOptions) {
    mkdirSync(o.outputDir, { recursive: true });
    o.api.registerUser({ userId: o.userId, firstName: o.firstName });
  }

  start(): void {
    this.print('Terminal chat with the risk assistant. Type /start to begin, /help for commands,');
    this.print('a number to press a button, /quit to leave.\n');
    void this.followBot();
    const rl = createInterface({ input: this.o.input, terminal: false });
    rl.on('line', (line) => this.handleLine(line.trim()));
    rl.on('close', () => this.stop());
  }

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.o.onExit();
  }

  private handleLine(line: string): void {
    if (!line) return;
    if (line === '/quit' || line === '/exit') return this.stop();
    if (/^\d{1,2}$/.test(line)) return void this.press(Number(line));
    this.o.api.sendUserMessage({ userId: this.o.userId, firstName: this.o.firstName, text: line });
  }

  private async press(n: number): Promise<void> {
    const entry = this.buttons[n - 1];
    if (!entry) {
      this.print(this.buttons.length ? `(no button ${n}: choose 1-${this.buttons.length})` : '(there are no buttons to press)');
      return;
    }
    this.print(`you pressed [${n}] ${entry.button.text}`);
    try {
      const id = this.o.api.pressButton({ userId: this.o.userId, messageId: entry.messageId, callbackData: entry.button.callback_data });
      const answer = await this.o.api.waitForCallbackAnswer(id, 60_000);
      if (answer.text) this.print(`bot (${answer.showAlert ? 'alert' : 'notice'}): ${answer.text}`);
    } catch (error) {
      this.print(`(the button could not be pressed: ${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Prints every message the bot sends, edits or deletes in this chat, in order. */
  private async followBot(): Promise<void> {
    while (!this.closed) {
      let event: BotEvent;
      try {
        event = await this.o.api.waitForBotEvent({ chatId: this.o.userId, timeoutMs: 24 * 3600_000 });
      } catch {
        if (this.closed) return;
        continue; // a day without bot messages: keep waiting
      }
      this.printEvent(event);
    }
  }

  private printEvent(event: BotEvent): void {
    const m = event.message;
    if (event.kind === 'deleted') return this.print(`bot deleted message #${m.message_id}`);
    const head = event.kind === 'edited' ? `bot (edited #${m.message_id}):` : 'bot:';
    const saved = this.saveMedia(m);
    const body = m.text ?? m.caption ?? '';
    this.print([head, saved, body].filter(Boolean).join(' ').replace(/^(bot[^:]*:) /, '$1\n'));
    this.printKeyboard(m);
  }

  private printKeyboard(m: Message): void {
    const rows = m.reply_markup?.inline_keyboard;
    if (!rows?.length) return;
    this.buttons = [];
    const lines = rows.map((row) =>
      row
        .map((button) => {
          if (!('callback_data' in button)) return `(${button.text})`;
          this.buttons.push({ messageId: m.message_id, button });
          return `[${this.buttons.length}] ${button.text}`;
        })
        .join('   '),
    );
    this.print(lines.join('\n'));
  }

  private saveMedia(m: Message): string {
    const fileId = m.photo?.[m.photo.length - 1]?.file_id ?? m.document?.file_id;
    if (!fileId) return '';
    const upload = this.o.api.uploads.find((u) => u.fileId === fileId);
    if (!upload) return `[${m.photo ? 'photo' : 'document'} sent again by file id]`;
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${upload.filename.replace(/[^\w.-]/g, '_')}`;
    const path = resolve(join(this.o.outputDir, name));
    writeFileSync(path, upload.data);
    return `[${m.photo ? 'photo' : 'document'} saved: ${path}]`;
  }

  private print(text: string): void {
    this.o.output.write(`${text}\n`);
  }
}

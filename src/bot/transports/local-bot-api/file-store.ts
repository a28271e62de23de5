import type { Document, PhotoSize } from 'grammy/types';
import { badRequest } from './api-error.js';
import type { InputFileRef } from './request-params.js';

/** A file the bot uploaded, kept byte for byte so tests can inspect it. */
export interface BotUpload {
  readonly method: string;
  readonly chatId: number;
  /** The parameter it was sent as: 'photo', 'document', or 'media[1]' inside an album. */
  readonly field: string;
  readonly fileId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export type StoredMedia = { readonly kind: 'photo'; readonly photo: PhotoSize[] } | { readonly kind: 'document'; readonly document: Document };

const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
/** Telegram's thumbnail ladder; the original is kept too, capped at 2560 px. */
const PHOTO_SIDES = [90, 320, 800, 1280, 2560];
const MIME_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf',
  csv: 'text/csv', txt: 'text/plain', json: 'application/json', zip: 'application/zip', html: 'text/html',
};

/**
 * Files known to the fake server: uploads become file_ids that can be sent again,
 * exactly like Telegram lets a bot resend media by file_id.
 */
export class FileStore {
  readonly uploads: BotUpload[] = [];
  private readonly byFileId = new Map<string, StoredMedia>();
  private counter = 0;

  constructor(private readonly onUpload: () => void) {}

  /** Resolves a photo parameter into Telegram's PhotoSize ladder, recording new uploads. */
  photo(ref: InputFileRef, context: { method: string; chatId: number; field: string }): PhotoSize[] {
    if (ref.kind === 'url') throw badRequest('failed to get HTTP URL content');
    if (ref.kind === 'file_id') return this.known(ref.fileId, 'photo').photo;

    const { data } = ref.file;
    if (data.length > PHOTO_MAX_BYTES) throw badRequest('PHOTO_SAVE_FILE_INVALID');
    const size = imageSize(data);
    if (size === undefined) throw badRequest('IMAGE_PROCESS_FAILED');
    if (size.width + size.height > 10_000 || Math.max(size.width, size.height) / Math.min(size.width, size.height) > 20) {
      throw badRequest('PHOTO_INVALID_DIMENSIONS');
    }
    const longSide = Math.max(size.width, size.height);
    const sides = [...PHOTO_SIDES.filter((side) => side < longSide), Math.min(longSide, 2560)];
    const photo = [...new Set(sides)].map((side): PhotoSize => {
      const scale = side / longSide;
      const ids = this.nextIds('AgACAgIAAxkDAAI');
      return {
        ...ids,
        width: Math.max(1, Math.round(size.width * scale)),
        height: Math.max(1, Math.round(size.height * scale)),
        file_size: Math.max(1, Math.round(data.length * scale * scale)),
      };
    });
    const largest = photo[photo.length - 1] as PhotoSize;
    for (const entry of photo) this.byFileId.set(entry.file_id, { kind: 'photo', photo });
    this.record(context, largest.file_id, ref.file.filename, ref.file.contentType, data);
    return photo;
  }

  /** Resolves a document parameter, recording new uploads. */
  document(ref: InputFileRef, context: { method: string; chatId: number; field: string }): Document {
    if (ref.kind === 'url') throw badRequest('failed to get HTTP URL content');
    if (ref.kind === 'file_id') return this.known(ref.fileId, 'document').document;

    const { filename, data } = ref.file;
    const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
    const document: Document = {
      ...this.nextIds('BQACAgIAAxkDAAI'),
      file_name: filename,
      mime_type: MIME_TYPES[extension] ?? 'application/octet-stream',
      file_size: data.length,
    };
    this.byFileId.set(document.file_id, { kind: 'document', document });
    this.record(context, document.file_id, filename, ref.file.contentType, data);
    return document;
  }

  private known<K extends StoredMedia['kind']>(fileId: string, kind: K): Extract<StoredMedia, { kind: K }> {
    const media = this.byFileId.get(fileId);
    if (media === undefined) throw badRequest('wrong file identifier/HTTP URL specified');
    if (media.kind !== kind) throw badRequest(`type of file mismatch`);
    return media as Extract<StoredMedia, { kind: K }>;
  }

  private nextIds(prefix: string): { file_id: string; file_unique_id: string } {
    this.counter += 1;
    const serial = this.counter.toString(36).padStart(6, '0');
    return { file_id: `${prefix}${serial}`, file_unique_id: `AQAD${serial}` };
  }

  private record(
    context: { method: string; chatId: number; field: string },
    fileId: string,
    filename: string,
    contentType: string,
    data: Buffer,
  ): void {
    this.uploads.push({ ...context, fileId, filename, contentType, data });
    this.onUpload();
  }
}

/** Width and height of a PNG, JPEG, GIF or WebP image; undefined when it is none of them. */
export function imageSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length >= 24 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return positive(data.readUInt32BE(16), data.readUInt32BE(20));
  }
  if (data.length >= 10 && data.subarray(0, 4).toString('latin1') === 'GIF8') {
    return positive(data.readUInt16LE(6), data.readUInt16LE(8));
  }
  if (data.length >= 30 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') {
    const chunk = data.subarray(12, 16).toString('latin1');
    if (chunk === 'VP8X') return positive(data.readUIntLE(24, 3) + 1, data.readUIntLE(27, 3) + 1);
    if (chunk === 'VP8 ') return positive(data.readUInt16LE(26) & 0x3fff, data.readUInt16LE(28) & 0x3fff);
    if (chunk === 'VP8L') {
      const bits = data.readUInt32LE(21);
      return positive((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1);
    }
    return undefined;
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) return jpegSize(data);
  return undefined;
}

function jpegSize(data: Buffer): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < data.length) {
    if (data[i] !== 0xff) return undefined;
    const marker = data[i + 1] as number;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const length = data.readUInt16BE(i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return positive(data.readUInt16BE(i + 7), data.readUInt16BE(i + 5));
    i += 2 + length;
  }
  return undefined;
}

function positive(width: number, height: number): { width: number; height: number } | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

import { inputError, readError, type InputError } from './input-error.js';

/**
 * A stream's bytes (standard input, an upload), read to `maxBytes` at most: it is held in memory
 * before it is checked, so reading stops once the limit is passed (the stream is let go, never read
 * to its end) and the content is an input error, as a file over the limit is. A stream that fails
 * (EIO, EISDIR: standard input redirected from a folder) or yields something other than bytes or
 * text is an input error too. A string chunk is taken as UTF-8.
 */
export async function readStream(stream: AsyncIterable<unknown>, maxBytes: number): Promise<Uint8Array | InputError> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (!(bytes instanceof Uint8Array)) return inputError('unreadable', '流中的内容不是字节或文本，未检查', 'the stream gave something other than bytes or text; nothing was checked');
      total += bytes.length;
      // Leaving the loop ends the stream (its iterator's return destroys a Node stream).
      if (total > maxBytes) {
        return inputError(
          'too-large',
          `内容超过上限 ${maxBytes} 字节，已停止读取，未检查（可用 --max-file-size 调整）`,
          `more than the limit of ${maxBytes} bytes came in: reading stopped there, nothing was checked (raise it with --max-file-size)`,
        );
      }
      chunks.push(bytes);
    }
  } catch (error) {
    return readError(error);
  }
  return Buffer.concat(chunks, total);
}

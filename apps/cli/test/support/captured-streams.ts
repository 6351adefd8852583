import { Writable } from 'node:stream';

/** Returns a writable stream that keeps what a command writes, for assertions on its output. */
export function captureStream(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

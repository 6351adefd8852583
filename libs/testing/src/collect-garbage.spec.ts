import { collectGarbage } from './collect-garbage';

function unreferenced(): WeakRef<object> {
  return new WeakRef({ payload: 'x'.repeat(1000) });
}

describe('collectGarbage', () => {
  it('frees an unreferenced object', async () => {
    const weak = unreferenced();

    await collectGarbage();

    expect(weak.deref()).toBeUndefined();
  });

  it('keeps a referenced object', async () => {
    const referenced = { payload: 'kept' };
    const weak = new WeakRef(referenced);

    await collectGarbage();

    expect(weak.deref()).toBe(referenced);
  });
});

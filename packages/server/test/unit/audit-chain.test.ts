import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent, verifyChain, type ChainedContent } from '../../src/modules/audit/chain.js';

function chain(n: number): (ChainedContent & { hash: string })[] {
  const out: (ChainedContent & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content: ChainedContent = {
      seq: i,
      id: `aud_${i}`,
      occurredAt: `2026-11-27T12:00:0${i}.000Z`,
      action: 'org.updated',
      actorUserId: 'usr_1',
      actorTokenId: null,
      actorIp: '127.0.0.1',
      organizationId: 'org_1',
      targetType: 'organization',
      targetId: 'org_1',
      data: { n: i, nested: { b: 2, a: 1 } },
      prevHash: prev,
    };
    const hash = hashEvent(content);
    out.push({ ...content, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, checked: 5 });
  });

  it('does not depend on JSON key order', () => {
    const [e] = chain(1);
    if (!e) throw new Error('no event');
    const reordered = { ...e, data: { nested: { a: 1, b: 2 }, n: 1 } };
    expect(hashEvent({ ...reordered, hash: undefined } as unknown as ChainedContent)).toBe(e.hash);
  });

  it('finds an edited event', () => {
    const events = chain(5);
    const third = events[2];
    if (!third) throw new Error('no event');
    third.data = { n: 999 };
    expect(verifyChain(events)).toMatchObject({
      ok: false,
      brokenAt: 3,
      reason: 'hash_mismatch',
      checked: 2,
    });
  });

  it('finds a deleted event', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3, reason: 'sequence_gap' });
  });

  it('finds an event whose hash was recomputed but whose successor still points at the old one', () => {
    const events = chain(4);
    const second = events[1];
    if (!second) throw new Error('no event');
    second.action = 'forged';
    const { hash: _old, ...content } = second;
    second.hash = hashEvent(content);
    expect(verifyChain(events)).toMatchObject({ ok: false, brokenAt: 3, reason: 'prev_hash_mismatch' });
  });
});

/** The standard field checks, worded from the catalogues in the language asked for. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldMessages } from '../../api/shared/validation-messages.js';

const schema = z.strictObject({
  name: z.string().max(3),
  credits: z.number().int().min(1).max(40),
  share: z.number().gt(0).lt(1),
  hours: z.number().multipleOf(0.5),
  tags: z.array(z.string()).min(1).max(2),
  id: z.uuid(),
  on: z.iso.date(),
  at: z.iso.datetime(),
  site: z.url(),
  code: z.string().regex(/^[A-Z]{2}$/),
  active: z.boolean(),
  mustHave: z.string(),
});

const messages = (lang: string, value: unknown) => {
  const r = schema.safeParse(value, { error: fieldMessages(lang) });
  return Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
};

const wrong = {
  name: 'long',
  credits: 0,
  share: 1,
  hours: 0.3,
  tags: [],
  id: 'x',
  on: '02/12/2026',
  at: 'noon',
  site: 'nowhere',
  code: 'vn',
  active: 'yes',
};

describe('field messages', () => {
  it('names each standard check in English', () => {
    expect(messages('en', wrong)).toEqual({
      name: 'must have at most 3 characters',
      credits: 'must be at least 1',
      share: 'must be less than 1',
      hours: 'must be a multiple of 0.5',
      tags: 'must have at least 1 item',
      id: 'must be an identifier (UUID)',
      on: 'must be a date written YYYY-MM-DD',
      at: 'must be a date and time (ISO 8601)',
      site: 'must be a web address (URL)',
      code: 'is not in the expected form',
      active: 'must be true or false',
      mustHave: 'is required',
    });
    expect(messages('en', { ...wrong, credits: 41, share: 0, tags: ['a', 'b', 'c'] })).toMatchObject({
      credits: 'must be at most 40',
      share: 'must be more than 0',
      tags: 'must have at most 2 items',
    });
  });

  it('says the same in Thai and in Burmese', () => {
    const th = messages('th', wrong);
    expect(th.name).toBe('ต้องมีไม่เกิน 3 ตัวอักษร');
    expect(th.mustHave).toBe('ต้องระบุ');
    expect(th.active).toBe('ต้องเป็นจริงหรือเท็จ');
    const my = messages('my', wrong);
    expect(my.credits).toBe('အနည်းဆုံး 1 ဖြစ်ရမည်');
    expect(my.mustHave).toBe('ဖြည့်ရန် လိုအပ်သည်');
  });

  it("keeps a message the schema states itself (the registry's own rule)", () => {
    const own = z.object({ to: z.string().refine((s) => s > '2026', 'must be after the start') });
    const r = own.safeParse({ to: '2025' }, { error: fieldMessages('vi') });
    expect(r.error!.issues[0]!.message).toBe('must be after the start');
  });
});

import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../api/modules/notifications/templates.js';

const vars = {
  name: 'Ana',
  councilName: 'Social Work Council',
  link: 'https://registry.example/#/reset-password?token=abc',
  validMinutes: '30',
};

describe('renderEmail', () => {
  it('fills every placeholder in the subject, text and HTML', () => {
    const mail = renderEmail('password-reset', 'en', vars);
    expect(mail.locale).toBe('en');
    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain('Hello Ana,');
    expect(mail.text).toContain(vars.link);
    expect(mail.html).toContain('<p>Hello Ana,</p>');
    expect(mail.html).toContain('<html lang="en">');
    for (const part of [mail.subject, mail.text, mail.html]) expect(part).not.toMatch(/\{\{|\}\}/);
  });

  it('escapes HTML in variables in the HTML part only', () => {
    const mail = renderEmail('password-reset', 'en', {
      ...vars,
      name: '<script>alert("x")</script> & O\'Neil',
      councilName: '<b>Council</b>',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>Council</b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Neil');
    expect(mail.html).toContain('&lt;b&gt;Council&lt;/b&gt;');
    expect(mail.text).toContain('Hello <script>alert("x")</script> & O\'Neil,');
  });

  it('keeps dollar signs in values as they are', () => {
    const mail = renderEmail('password-reset', 'en', { ...vars, name: "Cash $& Carry $' $$" });
    expect(mail.html).toContain('Hello Cash $&amp; Carry $&#39; $$,');
    expect(mail.html.match(/<!doctype html>/g)).toHaveLength(1);
    expect(mail.text).toContain("Hello Cash $& Carry $' $$,");
  });

  it('fails on a missing variable, naming it', () => {
    const { link: _, ...withoutLink } = vars;
    expect(() => renderEmail('password-reset', 'en', withoutLink)).toThrow(/needs variable 'link'/);
  });

  it("uses the recipient's language when there is a template for it, English otherwise", () => {
    const vi = renderEmail('password-reset', 'vi', vars);
    expect(vi.locale).toBe('vi');
    expect(vi.subject).toBe('Đặt lại mật khẩu của bạn');
    expect(vi.html).toContain('<html lang="vi">');
    const fr = renderEmail('password-reset', 'fr', vars);
    expect(fr.locale).toBe('en');
    expect(fr.subject).toBe('Reset your password');
  });

  it('never reads a file outside the template it was asked for', () => {
    expect(() => renderEmail('../password-reset', 'en', vars)).toThrow('Bad template name');
    const traversal = renderEmail('password-reset', '../account-invitation/en', vars);
    expect(traversal.locale).toBe('en');
    expect(traversal.subject).toBe('Reset your password');
  });
});

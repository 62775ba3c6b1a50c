import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, renderEnvExample } from '../../src/config.js';

describe('configuration', () => {
  it('has working defaults: SQLite under ./data on port 8080', () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.database).toMatchObject({ kind: 'sqlite' });
    expect(c.database.kind === 'sqlite' && c.database.file.endsWith('data/clearinghouse.db')).toBe(true);
    expect(c.publicUrl).toBe('http://localhost:8080');
    expect(c.secureCookies).toBe(false);
  });

  it('selects PostgreSQL from DATABASE_URL and secure cookies from an https public URL', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@localhost/db',
      CH_PUBLIC_URL: 'https://ch.example.gov/',
    });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://u:p@localhost/db' });
    expect(c.publicUrl).toBe('https://ch.example.gov');
    expect(c.secureCookies).toBe(true);
  });

  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        CH_ADMIN_EMAIL: 'nope',
        CH_ADMIN_PASSWORD: 'short',
        SMTP_SECURE: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'CH_ADMIN_EMAIL', 'CH_ADMIN_PASSWORD', 'SMTP_SECURE'])
      expect(problems).toContain(name);
  });

  it('accepts .env.example exactly as generated', () => {
    const env = Object.fromEntries(
      renderEnvExample()
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('the committed .env.example is the generated one (run npm run env:example)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const file = path.resolve(import.meta.dirname, '../../../../.env.example');
    expect(fs.readFileSync(file, 'utf8')).toBe(renderEnvExample());
  });

  it('documents every variable in .env.example', () => {
    const example = renderEnvExample();
    for (const v of describeConfig()) {
      expect(v.description, v.name).not.toBe('');
      expect(example).toContain(`${v.name}=`);
    }
    expect(example).toContain('PORT=8080');
  });
});

describe('trusted proxies', () => {
  it('accepts a hop count or addresses, and refuses to trust every hop', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ CH_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ CH_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ CH_TRUST_PROXY: 'true' })).toThrow(/forge/);
    expect(() => loadConfig({ CH_TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
  });
});

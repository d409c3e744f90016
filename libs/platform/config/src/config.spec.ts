import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig, port } from './config';

describe('loadConfig', () => {
  it('applies defaults and parses lists', () => {
    const c = loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'a:1, b:2' });
    expect(c.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(c.TENANT_ID).toBe('default');
  });

  it('reports every bad variable by name at once', () => {
    const schema = baseConfigSchema.extend({ PORT: port(3000) });
    try {
      loadConfig(schema, { PORT: 'eighty', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('LOG_LEVEL');
    }
  });

  describe('secrets in production', () => {
    const schema = z.object({
      NODE_ENV: z.string().default('development'),
      API_SECRET: z.string().default('demo-secret'),
    });
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(schema, env, { secrets: ['API_SECRET'] });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    const strong = 'q8Vd0Xw2nL5rT1yB7mC4kZ9pH3sJ6fG0aE2uI8oR5tY=';

    it('in development, the demo default is fine', () => {
      expect(problems({})).toEqual([]);
    });

    // Every service's production needs the platform's own secrets too (the master key of sealed events).
    const production = { NODE_ENV: 'production', PRIVACY_MASTER_KEY: strong };

    it('in production, refuses a missing, demo, change-me or short secret, naming it', () => {
      expect(problems({ NODE_ENV: 'production' })).toEqual([
        expect.stringMatching(/^PRIVACY_MASTER_KEY: is not set/),
        expect.stringMatching(/^API_SECRET: is not set/),
      ]);
      expect(problems({ ...production, API_SECRET: `demo-${strong}` })).toEqual([
        expect.stringMatching(/^API_SECRET: is a demo value/),
      ]);
      expect(problems({ ...production, API_SECRET: `change-me-${strong}` })).toEqual([
        expect.stringMatching(/^API_SECRET: still starts with change-me/),
      ]);
      expect(problems({ ...production, API_SECRET: 'short-but-real' })).toEqual([
        expect.stringMatching(/^API_SECRET: is shorter than 32 bytes/),
      ]);
      expect(problems({ ...production, API_SECRET: strong })).toEqual([]);
    });
  });

  it('refuses a config that breaks a custom rule', () => {
    expect(() => loadConfig(z.object({ X: z.string().min(3) }), { X: 'a' })).toThrow(/X:/);
  });
});

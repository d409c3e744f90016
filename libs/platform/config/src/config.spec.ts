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

  it('refuses a config that breaks a custom rule', () => {
    expect(() => loadConfig(z.object({ X: z.string().min(3) }), { X: 'a' })).toThrow(/X:/);
  });
});

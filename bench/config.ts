import { type Config, loadConfig } from '../server/config.js';

/**
 * The app configuration every benchmark runs with: quiet, no demo accounts locked or made,
 * cheap password hashing (logins are set-up, not what is measured).
 */
export function benchConfig(databaseUrl: string, more: Record<string, string> = {}): Config {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    DEMO: 'false',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    ...more,
  });
}

import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../src/cli/main.js';
import { CannotCollectError, ConfigError, InputError, RuleLoadError, UsageError } from '../../src/errors.js';

describe('exit code of an error that reaches the command line', () => {
  it('is 2 for bad input of any kind, 3 when collection cannot start', () => {
    expect([new InputError('f: /x: bad'), new UsageError('u'), new RuleLoadError('r'), new ConfigError('c')].map(exitCodeOf)).toEqual([2, 2, 2, 2]);
    expect(exitCodeOf(new CannotCollectError('Organizations: cannot list'))).toBe(3);
  });

  it('follows commander: 0 for --help, 2 for a usage mistake', () => {
    expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeOf(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(2);
  });

  it('is 70 for anything else, whatever it claims: an untyped error is a bug', () => {
    expect(exitCodeOf(new TypeError('x is undefined'))).toBe(70);
    expect(exitCodeOf(Object.assign(new Error('duck'), { exitCode: 0 }))).toBe(70);
    expect(exitCodeOf({ exitCode: 1 })).toBe(70);
    expect(exitCodeOf('thrown string')).toBe(70);
  });
});

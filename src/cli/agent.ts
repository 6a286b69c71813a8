/** `--agent ROLE`: one role's work only, in any output format (and for `--fix`, only its fixes). */
import { AGENTS, type AnyRule } from '../rule.js';
import { UsageError } from './errors.js';

/** The rules a role owns, out of those selected; a role that is not one of ours is a usage error. */
export function forAgent<R extends Pick<AnyRule, 'agent'>>(rules: R[], agent: string | undefined): R[] {
  if (agent === undefined) return rules;
  if (!(AGENTS as readonly string[]).includes(agent)) {
    throw new UsageError(`--agent: '${agent}' is not a role; use one of ${AGENTS.join(', ')}`);
  }
  return rules.filter((r) => r.agent === agent);
}

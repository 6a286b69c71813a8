/** `--agent ROLE`: one role's work only, in any output format (and for `--fix`, only its fixes). */
import { AGENTS } from '../rule.js';
import { UsageError } from './errors.js';
/** The rules a role owns, out of those selected; a role that is not one of ours is a usage error. */
export function forAgent(rules, agent) {
    if (agent === undefined)
        return rules;
    if (!AGENTS.includes(agent)) {
        throw new UsageError(`--agent: '${agent}' is not a role; use one of ${AGENTS.join(', ')}`);
    }
    return rules.filter((r) => r.agent === agent);
}

/** `pyteam-lint mcp`: serves the MCP tools over standard input/output until the client goes away. */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createServer } from '../mcp/server.js';
import { UsageError } from './errors.js';
export async function runMcpCommand(args, rules, version, io) {
    if (args.length > 0)
        throw new UsageError(`mcp takes no arguments (got ${args.join(' ')}); it serves the project in the current directory`);
    const log = (message) => io.stderr(`pyteam-lint mcp: ${message}\n`);
    const server = createServer({ cwd: io.cwd, rules, version, log });
    const transport = new StdioServerTransport();
    const closed = new Promise((resolve) => {
        transport.onclose = () => resolve(0);
    });
    // The transport does not notice the client closing stdin; without this the process would idle.
    const stop = () => void server.close();
    process.stdin.once('end', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await server.connect(transport);
    return closed;
}

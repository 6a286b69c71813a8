/**
 * End to end in a real editor: Neovim (Debian's 0.7, which .ci/run installs) started headless on
 * a temporary project, with the language server attached as the README's 0.7 snippet attaches it.
 * It must show the finding at the right line and column (Neovim counts bytes, the server UTF-16:
 * a non-ASCII character before the finding tells them apart), offer its quick fix and noqa
 * actions, and clear the diagnostic once the noqa edit is applied.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, project } from './spawn.js';

const NVIM = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

const PREFIX = '    s = "é"; state = ';
const SOURCE = `import torch\n\n\ndef load(path):\n${PREFIX}torch.load(path)\n    return s, state\n`;

/** Attaches the server to Python buffers, waits for its diagnostics, asks for and applies the noqa action, and writes what it saw. */
const INIT_LUA = String.raw`
local out = vim.env.PTL_OUT
local client_id = vim.lsp.start_client({
  name = 'pyteam-lint',
  cmd = { vim.env.PTL_NODE, vim.env.PTL_BIN, 'server', '--stdio' },
  root_dir = vim.fn.getcwd(),
})
local function finish(result)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end
local function rows(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source, message = d.message, code = d.code or lsp.code })
  end
  return list
end
-- Polls every 100 ms until done() returns true, then calls next(); gives up (and reports) after 30 s.
local function poll(done, next, result)
  local timer = vim.loop.new_timer()
  local deadline = vim.loop.now() + 30000
  timer:start(100, 100, vim.schedule_wrap(function()
    if done() then
      timer:stop()
      next()
    elseif vim.loop.now() > deadline then
      timer:stop()
      result.timeout = true
      finish(result)
    end
  end))
end
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'python',
  callback = function(args)
    vim.lsp.buf_attach_client(args.buf, client_id)
    local result = {}
    poll(function() return #vim.diagnostic.get(args.buf) > 0 end, function()
      result.diagnostics = rows(vim.diagnostic.get(args.buf))
      local line = result.diagnostics[1].lnum
      local params = {
        textDocument = vim.lsp.util.make_text_document_params(),
        range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
        context = { diagnostics = {} },
      }
      local responses = vim.lsp.buf_request_sync(args.buf, 'textDocument/codeAction', params, 10000) or {}
      result.actions = {}
      local noqa
      for _, response in pairs(responses) do
        for _, action in ipairs(response.result or {}) do
          table.insert(result.actions, action.title)
          if action.title:find('^Suppress') then noqa = action end
        end
      end
      vim.lsp.util.apply_workspace_edit(noqa.edit, vim.lsp.get_client_by_id(client_id).offset_encoding)
      poll(function() return #vim.diagnostic.get(args.buf) == 0 end, function()
        result.line = vim.api.nvim_buf_get_lines(args.buf, line, line + 1, false)[1]
        finish(result)
      end, result)
    end, result)
  end,
})
`;

interface Seen {
  diagnostics?: Array<{ lnum: number; col: number; end_lnum: number; end_col: number; severity: number; source: string; message: string; code: string }>;
  actions?: string[];
  line?: string;
  timeout?: true;
}

describe('Neovim', () => {
  it.skipIf(!NVIM)(`shows the finding at its line and column, with its quick fix and noqa actions${NVIM ? '' : ' (skipped: nvim is not installed here; .ci/run installs it)'}`, () => {
    const dir = project({ 'pyproject.toml': '[project]\nname = "demo"\n', 'load.py': SOURCE, 'init.lua': INIT_LUA });
    const out = path.join(dir, 'seen.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-u', 'init.lua', 'load.py'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 50_000,
      env: { ...process.env, PTL_OUT: out, PTL_NODE: process.execPath, PTL_BIN: BIN, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir },
    });
    expect(existsSync(out), `nvim wrote nothing (exit ${r.status}): ${r.stderr}`).toBe(true);
    const seen = JSON.parse(readFileSync(out, 'utf8')) as Seen;
    expect(seen.timeout).toBeUndefined();
    expect(seen.diagnostics).toHaveLength(1);
    const [d] = seen.diagnostics!;
    // 0-based line 4; the column in bytes, where 'é' counts 2.
    expect(d).toMatchObject({ lnum: 4, col: Buffer.byteLength(PREFIX), end_lnum: 4, end_col: Buffer.byteLength(`${PREFIX}torch.load(path)`), severity: 1, source: 'pyteam-lint', code: 'PTL301' });
    expect(d!.message).toMatch(/\[python-security-reviewer\]$/);
    expect(seen.actions).toEqual([
      'Pass `weights_only=True` (loads tensors only; a checkpoint holding pickled objects will then fail to load) (unsafe fix)',
      'Suppress PTL301 on this line with `# noqa: PTL301`',
    ]);
    expect(seen.line).toBe(`${PREFIX}torch.load(path)  # noqa: PTL301`);
    // The edit went into the buffer only; nothing saved it.
    expect(readFileSync(path.join(dir, 'load.py'), 'utf8')).toBe(SOURCE);
  });
});


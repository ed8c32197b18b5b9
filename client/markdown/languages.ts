/** The languages code blocks are coloured in (their grammars load in the worker, on demand). */
const coloured = new Set([
  'javascript',
  'typescript',
  'jsx',
  'tsx',
  'json',
  'html',
  'css',
  'python',
  'bash',
  'sql',
  'rust',
  'go',
  'java',
  'c',
  'cpp',
  'csharp',
  'ruby',
  'php',
  'swift',
  'kotlin',
  'yaml',
  'toml',
  'markdown',
  'diff',
  'dockerfile',
]);

const aliases: Record<string, string> = {
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  py: 'python',
  sh: 'bash',
  shell: 'bash',
  zsh: 'bash',
  console: 'bash',
  rs: 'rust',
  golang: 'go',
  'c++': 'cpp',
  'c#': 'csharp',
  cs: 'csharp',
  rb: 'ruby',
  kt: 'kotlin',
  yml: 'yaml',
  md: 'markdown',
  docker: 'dockerfile',
  patch: 'diff',
};

/** The grammar's id for a fence's language name, or null when it is not coloured. */
export function grammarId(name: string): string | null {
  const lower = name.toLowerCase();
  const id = aliases[lower] ?? lower;
  return coloured.has(id) ? id : null;
}

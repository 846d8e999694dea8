// Which part of server/src may import which (docs/ARCHITECTURE.md "Dependency direction").
// `npm run lint` runs it: an import against these rules fails CI.

/**
 * The modules from the bottom up: a module may import the ones before it, never the ones after.
 * A side effect that has to go up (a file change telling shares, a post inviting a party) is handed
 * in through `deps` by the composition root, or travels as a domain event.
 */
const MODULES = [
  'access',
  'audit',
  'identity',
  'contacts',
  'matters',
  'files',
  'messaging',
  'notifications',
  'portal',
  'sharing',
  'sms',
  'export',
];

/**
 * SQL lives in a module's repositories (`*.repository.ts`, and `*.sql.ts` for hot compiled
 * statements), in access/ (the access rules are SQL predicates) and in CLIs (`*-cli.ts`, which open
 * the database). A use-case, route, job or effect that imports the SQL tag, the query helpers or
 * the tables fails lint (STYLE.md "files by role").
 * Type-only imports (`Queryable`, `SQL`) are fine: a use-case hands a transaction to a repository.
 */
const SQL_HOMES = ['[.]repository[.]ts$', '[.]sql[.]ts$', '^server/src/modules/access/', '-cli[.]ts$'];

/** The composition root: picks drivers, registers routes, jobs and effects. It may import anything. */
const COMPOSITION = '^server/src/(main|app|deps|jobs|message-effects|admin-commands|admin-cli)[.]ts$';

const upwardImports = MODULES.slice(0, -1).map((module, index) => ({
  name: `module-layers:${module}`,
  comment: `modules/${module}/ may import only the modules below it: ${MODULES.slice(0, index).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^server/src/modules/${module}/` },
  to: { path: `^server/src/modules/(${MODULES.slice(index + 1).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Files that import each other in a loop (type-only imports aside).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'platform-not-to-modules',
      comment: 'platform/ is infrastructure: it knows no module of the domain.',
      severity: 'error',
      from: { path: '^server/src/platform/' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'not-to-composition-root',
      comment:
        'Only the composition root wires modules together; others receive what it made through `deps` ' +
        '(the Deps type itself may be imported).',
      severity: 'error',
      from: { path: '^server/src/(platform|modules)/' },
      to: { path: COMPOSITION, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unknown-module',
      comment: 'Every folder under modules/ has its place in MODULES (.dependency-cruiser.cjs).',
      severity: 'error',
      from: { path: '^server/src/' },
      to: { path: '^server/src/modules/', pathNot: `^server/src/modules/(${MODULES.join('|')})/` },
    },
    ...upwardImports,
    {
      name: 'sql-in-repositories',
      comment:
        'SQL belongs in the module repository (*.repository.ts, or *.sql.ts for hot compiled statements) ' +
        'or in access/; a use-case calls a repository function named by what it returns.',
      severity: 'error',
      from: { path: '^server/src/modules/', pathNot: SQL_HOMES },
      to: {
        path: ['^node_modules/drizzle-orm/', '^server/src/platform/db/(schema|database)[.]ts$'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-tests',
      comment: 'Production code never imports test code.',
      severity: 'error',
      from: { path: '^server/src/' },
      to: { path: '^server/test/' },
    },
  ],
  options: {
    includeOnly: ['^server/src/', '^node_modules/drizzle-orm/'],
    exclude: { path: '[.]test[.]ts$' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    progress: { type: 'none' },
  },
};

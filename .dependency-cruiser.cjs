/**
 * The architecture rules, checked by `npm test` (dependency-cruiser). A break fails the run with the rule's
 * name and the offending import. What each rule protects is in docs/architecture.md.
 */
module.exports = {
  forbidden: [
    {
      name: 'module-through-index',
      severity: 'error',
      comment: 'A module uses another module only through that module’s index.ts (its public surface).',
      from: { path: '^src/modules/([^/]+)/', pathNot: ['repository[^/]*\\.ts$', '/repositories/'] },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'repository-joins-through-schema',
      severity: 'error',
      comment:
        'A repository may join another module’s tables, so it may import that module’s schema.ts (table ' +
        'declarations) as well as its index.ts; nothing else of another module.',
      from: { path: ['^src/modules/([^/]+)/.*repository[^/]*\\.ts$', '^src/modules/([^/]+)/.*/repositories/'] },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '^src/modules/[^/]+/schema\\.ts$'],
      },
    },
    {
      name: 'no-tests-from-src',
      severity: 'error',
      comment: 'Nothing the service runs imports test support.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'no-cli-from-src',
      severity: 'error',
      comment: 'Only the command line imports the command line: modules and the web app do not.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'sql-only-in-repositories',
      severity: 'error',
      comment:
        'Queries live in repositories (and src/db, which opens the database and migrates it): other files ' +
        'call repository functions instead of importing a query builder or driver.',
      from: {
        path: '^src/',
        pathNot: ['repository[^/]*\\.ts$', '/repositories/', 'schema\\.ts$', '^src/db/', '\\.test\\.ts$'],
      },
      to: { path: 'node_modules/(drizzle-orm|pg|pg-copy-streams)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'routes-never-hold-the-database',
      severity: 'error',
      comment: 'Routes parse, authorise, call a service and present: they never import the database or a repository.',
      from: { path: '^src/(modules|web)/.*(routes|api)[^/]*\\.ts$', pathNot: '\\.test\\.ts$' },
      to: { path: ['^src/db/', 'repository[^/]*\\.ts$', '/repositories/'] },
    },
    {
      name: 'lib-is-generic',
      severity: 'error',
      comment: 'src/lib holds small generic helpers: it knows nothing of modules, the web app, the CLI or the database.',
      from: { path: '^src/lib/' },
      to: { path: '^src/(modules|web|cli|db|demo)/' },
    },
    {
      name: 'policy-is-pure',
      severity: 'error',
      comment: 'A policy.ts holds who-may-do-what rules as pure functions: no database, no repository, no service.',
      from: { path: ['^src/modules/[^/]+/policy\\.ts$', '^src/modules/[^/]+/[^/]+/policy\\.ts$'] },
      to: {
        path: ['^src/db/', 'repository[^/]*\\.ts$', 'service[^/]*\\.ts$', 'node_modules/(drizzle-orm|pg)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: '^(node_modules|dist)/' },
  },
};

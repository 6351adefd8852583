/** Input that an importer cannot use; each problem names the file, the entity or field, and the value. */
export class ImportError extends Error {
  override readonly name = 'ImportError';

  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `import rejected: ${problems[0]}`
        : `import rejected with ${problems.length} problems:\n  - ${problems.join('\n  - ')}`,
    );
  }
}

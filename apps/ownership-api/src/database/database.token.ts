/** Nest injection token of the `Database` the app runs on. */
export const DATABASE = Symbol('DATABASE');

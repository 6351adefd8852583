import type { ConditionNode, FilterFileDefinitions, MacroDefinition } from './definitions';
import type { ProblemList, SourceLocation } from './filter-problems';

/** Lists and macros of every file, after `append` entries were applied in file order. */
export interface MergedDefinitions {
  /** List name to its items, with items that named earlier lists expanded. */
  lists: Map<string, string[]>;
  macros: Map<string, MacroDefinition>;
}

/**
 * Merges the lists and macros of several files in order. A name defined
 * twice is a problem unless the later entry says `append: true`, which adds
 * list items or lets either macro condition hold. A list item that names a
 * list defined before it stands for that list's items, as in Falco.
 */
export function mergeDefinitions(
  files: FilterFileDefinitions[],
  problems: ProblemList,
): MergedDefinitions {
  const lists = new Map<string, string[]>();
  const listPlaces = new Map<string, SourceLocation>();
  const macros = new Map<string, MacroDefinition>();

  for (const file of files) {
    for (const list of file.lists) {
      const items = list.items.values.flatMap((item) => lists.get(item) ?? [item]);
      const existing = lists.get(list.name);

      if (list.append) {
        if (existing === undefined) {
          problems.add(
            list.at,
            `list "${list.name}" has append: true but no list of that name is defined before it`,
          );
        } else {
          existing.push(...items);
        }
      } else if (existing !== undefined) {
        problems.add(
          list.at,
          `list "${list.name}" is already defined at ${placeOf(listPlaces.get(list.name))}; add append: true to extend it`,
        );
      } else {
        lists.set(list.name, items);
        listPlaces.set(list.name, list.at);
      }
    }

    for (const macro of file.macros) {
      const existing = macros.get(macro.name);

      if (macro.append) {
        if (existing === undefined) {
          problems.add(
            macro.at,
            `macro "${macro.name}" has append: true but no macro of that name is defined before it`,
          );
        } else {
          const condition: ConditionNode = {
            kind: 'any',
            children: [existing.condition, macro.condition],
            at: macro.at,
          };
          macros.set(macro.name, { ...existing, condition });
        }
      } else if (existing !== undefined) {
        problems.add(
          macro.at,
          `macro "${macro.name}" is already defined at ${placeOf(existing.at)}; add append: true to extend it`,
        );
      } else {
        macros.set(macro.name, macro);
      }
    }
  }
  return { lists, macros };
}

function placeOf(at: SourceLocation | undefined): string {
  return at === undefined ? 'an earlier entry' : `${at.file}:${at.line}`;
}

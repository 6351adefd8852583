import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { dailyIndexName } from '../src/adapters/elasticsearch/index-names';
import { FINDING_MAPPINGS } from '../src/adapters/elasticsearch/index-template';

const SAVED_OBJECTS_FILE = path.join(__dirname, '../../../deploy/kibana/talaria-findings.ndjson');

interface SavedObject {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  references: Array<{ id: string; name: string; type: string }>;
  coreMigrationVersion?: string;
  typeMigrationVersion?: string;
}

interface LensColumn {
  operationType: string;
  sourceField?: string;
  isBucketed: boolean;
  params?: { orderBy?: { type: string; columnId?: string } };
}

interface LensLayer {
  columns: Record<string, LensColumn>;
  columnOrder: string[];
}

const text = readFileSync(SAVED_OBJECTS_FILE, 'utf8');
const objects = text
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as SavedObject);
const byId = new Map(objects.map((object) => [object.id, object]));
const lensObjects = objects.filter((object) => object.type === 'lens');

/** Returns the mapping type of a dotted field path in the index template, if mapped. */
function mappedType(field: string): string | undefined {
  let properties: Record<string, unknown> = FINDING_MAPPINGS.properties;
  const parts = field.split('.');
  for (const [index, part] of parts.entries()) {
    const mapping = properties[part] as
      { type?: string; properties?: Record<string, unknown> } | undefined;
    if (mapping === undefined) return undefined;
    if (index === parts.length - 1) return mapping.type ?? 'object';
    if (mapping.properties === undefined) return undefined;
    properties = mapping.properties;
  }
  return undefined;
}

function layersOf(lens: SavedObject): Record<string, LensLayer> {
  const state = lens.attributes.state as {
    datasourceStates: { formBased: { layers: Record<string, LensLayer> } };
  };
  return state.datasourceStates.formBased.layers;
}

/** Returns the column ids a Lens visualization shows: XY layer accessors or table columns. */
function accessorsOf(lens: SavedObject): string[] {
  const visualization = (lens.attributes.state as { visualization: Record<string, unknown> })
    .visualization;
  if (lens.attributes.visualizationType === 'lnsDatatable') {
    return (visualization.columns as Array<{ columnId: string }>).map((column) => column.columnId);
  }
  const layers = visualization.layers as Array<{
    xAccessor?: string;
    splitAccessor?: string;
    accessors: string[];
  }>;
  return layers.flatMap((layer) =>
    [layer.xAccessor, layer.splitAccessor, ...layer.accessors].filter(
      (id): id is string => id !== undefined,
    ),
  );
}

describe('Kibana saved objects', () => {
  it('is NDJSON ending with a newline', () => {
    expect(text.endsWith('\n')).toBe(true);
    expect(
      text
        .split('\n')
        .slice(0, -1)
        .every((line) => line.trim() !== ''),
    ).toBe(true);
    expect(new Set(objects.map((object) => object.id)).size).toBe(objects.length);
  });

  it('holds a data view, four visualizations and a dashboard', () => {
    expect(objects.map((object) => object.type).sort()).toEqual([
      'dashboard',
      'index-pattern',
      'lens',
      'lens',
      'lens',
      'lens',
    ]);
    expect(lensObjects.map((lens) => lens.attributes.title)).toEqual([
      'Findings over time by cluster',
      'Findings by rule',
      'Findings by owner team and criticality',
      'Top workloads',
    ]);
  });

  it('names migration versions Kibana 8.9 and later accept', () => {
    for (const object of objects) {
      expect(object.coreMigrationVersion).toBe('8.8.0');
      expect(object.typeMigrationVersion).toMatch(/^8\.\d+\.0$/);
    }
  });

  it('matches the indices the output writes', () => {
    const dataView = objects.find((object) => object.type === 'index-pattern')!;
    const pattern = new RegExp(
      `^${String(dataView.attributes.title).replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`,
    );

    expect(dataView.attributes.timeFieldName).toBe('@timestamp');
    expect(mappedType('@timestamp')).toBe('date_nanos');
    expect(pattern.test(dailyIndexName('talaria-findings', Date.now()))).toBe(true);
    expect(pattern.test('talaria-findings')).toBe(true);
  });

  it('resolves every reference', () => {
    for (const object of objects) {
      for (const reference of object.references) {
        expect(byId.get(reference.id)?.type).toBe(reference.type);
      }
    }
  });

  it('references each lens layer', () => {
    for (const lens of lensObjects) {
      const names = lens.references.map((reference) => reference.name).sort();
      const expected = Object.keys(layersOf(lens))
        .map((layerId) => `indexpattern-datasource-layer-${layerId}`)
        .sort();
      expect(names).toEqual(expected);
    }
  });

  it('aggregates only mapped, aggregatable fields', () => {
    for (const lens of lensObjects) {
      for (const layer of Object.values(layersOf(lens))) {
        expect(Object.keys(layer.columns).sort()).toEqual([...layer.columnOrder].sort());
        for (const [columnId, column] of Object.entries(layer.columns)) {
          const where = `${lens.id} column ${columnId}`;
          if (column.operationType === 'count') {
            expect([where, column.sourceField]).toEqual([where, '___records___']);
          } else if (column.operationType === 'date_histogram') {
            expect([where, mappedType(column.sourceField!)]).toEqual([where, 'date_nanos']);
          } else {
            expect([where, column.operationType]).toEqual([where, 'terms']);
            expect([where, mappedType(column.sourceField!)]).toEqual([where, 'keyword']);
            expect(layer.columns[column.params!.orderBy!.columnId!]).toBeDefined();
          }
        }
      }
    }
  });

  it('uses only existing columns in visualizations', () => {
    for (const lens of lensObjects) {
      const columnIds = new Set(Object.values(layersOf(lens)).flatMap((l) => l.columnOrder));
      const used = accessorsOf(lens);

      expect([lens.id, used.length]).toEqual([lens.id, columnIds.size]);
      for (const id of used) expect([lens.id, id, columnIds.has(id)]).toEqual([lens.id, id, true]);
    }
  });

  it('places every lens on the dashboard', () => {
    const dashboard = objects.find((object) => object.type === 'dashboard')!;
    const panels = JSON.parse(String(dashboard.attributes.panelsJSON)) as Array<{
      panelIndex: string;
      panelRefName: string;
      type: string;
      gridData: { i: string; x: number; w: number };
    }>;

    expect(panels).toHaveLength(lensObjects.length);
    const referenced = panels.map((panel) => {
      const reference = dashboard.references.find(
        (candidate) => candidate.name === `${panel.panelIndex}:${panel.panelRefName}`,
      );
      expect(panel.gridData.i).toBe(panel.panelIndex);
      expect(panel.gridData.x + panel.gridData.w).toBeLessThanOrEqual(48);
      return reference?.id;
    });
    expect(referenced.sort()).toEqual(lensObjects.map((lens) => lens.id).sort());
  });
});

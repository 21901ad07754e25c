/**
 * Tiny unit lists in the two official formats, for tests that must run without the
 * downloaded data (the units are real names, the selection and some codes are made up).
 */
export const preMergerList = [
  {
    Code: '01',
    Name: 'Hà Nội',
    FullName: 'Thành phố Hà Nội',
    District: [
      {
        Code: '273',
        Name: 'Đan Phượng',
        FullName: 'Huyện Đan Phượng',
        Ward: [
          { Code: '09820', Name: 'Tân Lập', FullName: 'Xã Tân Lập' },
          { Code: '09823', Name: 'Tân Hội', FullName: 'Xã Tân Hội' },
          { Code: '09787', Name: 'Phùng', FullName: 'Thị trấn Phùng' },
        ],
      },
      {
        Code: '001',
        Name: 'Ba Đình',
        FullName: 'Quận Ba Đình',
        Ward: [{ Code: '00001', Name: 'Phúc Xá', FullName: 'Phường Phúc Xá' }],
      },
    ],
  },
  {
    Code: '79',
    Name: 'Hồ Chí Minh',
    FullName: 'Thành phố Hồ Chí Minh',
    District: [
      {
        Code: '760',
        Name: '1',
        FullName: 'Quận 1',
        Ward: [
          { Code: '26734', Name: 'Tân Định', FullName: 'Phường Tân Định' },
          { Code: '26740', Name: 'Bến Nghé', FullName: 'Phường Bến Nghé' },
        ],
      },
      {
        Code: '764',
        Name: 'Gò Vấp',
        FullName: 'Quận Gò Vấp',
        Ward: [{ Code: '26881', Name: '12', FullName: 'Phường 12' }],
      },
      { Code: '755', Name: 'Côn Đảo', FullName: 'Huyện Côn Đảo', Ward: null },
    ],
  },
];

export const list2025 = [
  {
    Type: 'province',
    Code: '01',
    Name: 'Hà Nội',
    FullName: 'Thành phố Hà Nội',
    AdministrativeUnitShortName: 'Thành phố',
    Wards: [
      ward('00004', 'Ba Đình', 'Phường', '01'),
      ward('09784', 'Đan Phượng', 'Xã', '01'),
      ward('09820', 'Ô Diên', 'Xã', '01'),
    ],
  },
  {
    Type: 'province',
    Code: '79',
    Name: 'Hồ Chí Minh',
    FullName: 'Thành phố Hồ Chí Minh',
    AdministrativeUnitShortName: 'Thành phố',
    Wards: [ward('26740', 'Sài Gòn', 'Phường', '79'), ward('26734', 'Tân Định', 'Phường', '79')],
  },
];

function ward(Code: string, Name: string, kind: string, ProvinceCode: string) {
  return {
    Type: 'ward',
    Code,
    Name,
    FullName: `${kind} ${Name}`,
    ProvinceCode,
    AdministrativeUnitShortName: kind,
  };
}

const row = (old: string | null, neu: string) => ({
  old_ward_code: old,
  new_ward_code: neu,
  old_ward_name: 'x',
});

/** A mapping export with one row of each defect the real file has. */
export const mappingFile = [
  { type: 'header', version: '1.1' },
  {
    type: 'table',
    name: 'ward_mappings',
    data: [
      row('09820', '09784'),
      row('09823', '09784'),
      row('09787', '09784'),
      row('26740', '26740'),
      row('26734', '26734'),
      row('26734', '26740'),
      row('00001', '00004'),
      row(null, '00004'),
      row('', '00004'),
      row('26881', '99999'),
      row('12345', '00004'),
      row('09820', '09784'),
      'not a row',
    ],
  },
];

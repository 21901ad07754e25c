import { Field, TextField } from '../components/Field.js';
import { HouseholdJoinFields } from '../components/HouseholdJoinFields.js';
import { UnitPicker } from '../components/UnitPicker.js';
import { useProvinces } from '../units.js';
import type { BirthForm } from './birth-form.js';

/** What each part of the birth form gets: the state, a setter for one key, and the errors by body path. */
export interface PartProps {
  f: BirthForm;
  set: <K extends keyof BirthForm>(key: K, value: BirthForm[K]) => void;
  errs: Record<string, string>;
}

/** Names, sex, date of birth, ethnicity, nationality. */
export function ChildFieldset({ f, set, errs }: PartProps) {
  return (
    <fieldset>
      <legend>Người được khai sinh</legend>
      <div className="row row-3">
        <TextField
          label="Họ"
          name="familyName"
          required
          value={f.familyName}
          error={errs.familyName}
          onChange={(v) => set('familyName', v)}
        />
        <TextField
          label="Chữ đệm"
          name="middleName"
          value={f.middleName}
          error={errs.middleName}
          onChange={(v) => set('middleName', v)}
        />
        <TextField
          label="Tên"
          name="givenName"
          required
          value={f.givenName}
          error={errs.givenName}
          onChange={(v) => set('givenName', v)}
        />
      </div>
      <div className="row row-3">
        <Field label="Giới tính" required error={errs.sex}>
          {(a) => (
            <select
              {...a}
              name="sex"
              value={f.sex}
              onChange={(e) => set('sex', e.target.value as BirthForm['sex'])}
            >
              <option value="">— Chọn —</option>
              <option value="male">Nam</option>
              <option value="female">Nữ</option>
            </select>
          )}
        </Field>
        <TextField
          label="Ngày sinh"
          name="dateOfBirth"
          required
          value={f.dateOfBirth}
          error={errs.dateOfBirth}
          hint="dd/mm/yyyy (hoặc mm/yyyy, yyyy nếu chỉ biết một phần)"
          placeholder="dd/mm/yyyy"
          inputMode="numeric"
          onChange={(v) => set('dateOfBirth', v)}
        />
        <TextField
          label="Dân tộc"
          name="ethnicity"
          required
          value={f.ethnicity}
          error={errs.ethnicity}
          onChange={(v) => set('ethnicity', v)}
        />
      </div>
      <div className="row row-3">
        <TextField
          label="Quốc tịch (mã 2 chữ)"
          name="nationality"
          required
          value={f.nationality}
          error={errs.nationality}
          hint="VN: Việt Nam"
          maxLength={2}
          onChange={(v) => set('nationality', v)}
        />
      </div>
    </fieldset>
  );
}

/** Place of birth, the province that registers it, home town. */
export function PlacesFieldset({ f, set, errs }: PartProps) {
  const provinces = useProvinces();
  return (
    <fieldset>
      <legend>Nơi sinh và quê quán</legend>
      <UnitPicker
        name="placeOfBirth"
        label="Nơi sinh"
        required
        value={f.placeOfBirth}
        error={errs['placeOfBirth.unitCode']}
        onChange={(c) => set('placeOfBirth', c)}
      />
      <TextField
        label="Địa chỉ nơi sinh (cơ sở y tế, thôn, số nhà…)"
        name="placeOfBirth.text"
        value={f.placeOfBirthText}
        error={errs['placeOfBirth.text']}
        onChange={(v) => set('placeOfBirthText', v)}
      />
      <Field
        label="Tỉnh/thành phố đăng ký khai sinh"
        error={errs.registrationProvince}
        hint="Quyết định 3 chữ số đầu của số định danh; mặc định theo tỉnh nơi sinh."
      >
        {(a) => (
          <select
            {...a}
            name="registrationProvince"
            value={f.registrationProvince}
            onChange={(e) => set('registrationProvince', e.target.value)}
          >
            <option value="">Theo nơi sinh</option>
            {provinces.units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <UnitPicker
        name="homeTown"
        label="Quê quán"
        value={f.homeTown}
        error={errs['homeTown.unitCode']}
        onChange={(c) => set('homeTown', c)}
      />
      {f.homeTown ? (
        <TextField
          label="Quê quán — chi tiết"
          name="homeTown.text"
          value={f.homeTownText}
          error={errs['homeTown.text']}
          onChange={(v) => set('homeTownText', v)}
        />
      ) : null}
    </fieldset>
  );
}

/** Parents by personal ID number. */
export function ParentsFieldset({ f, set, errs }: PartProps) {
  return (
    <fieldset>
      <legend>Cha mẹ</legend>
      <div className="row">
        <TextField
          label="Số định danh của cha"
          name="fatherPid"
          value={f.fatherPid}
          error={errs.fatherPid}
          hint="12 chữ số; để trống nếu chưa xác định"
          inputMode="numeric"
          maxLength={12}
          onChange={(v) => set('fatherPid', v)}
        />
        <TextField
          label="Số định danh của mẹ"
          name="motherPid"
          value={f.motherPid}
          error={errs.motherPid}
          hint="12 chữ số"
          inputMode="numeric"
          maxLength={12}
          onChange={(v) => set('motherPid', v)}
        />
      </div>
    </fieldset>
  );
}

/** Optional permanent residence in an existing household. */
export function HouseholdFieldset({ f, set, errs }: PartProps) {
  return (
    <fieldset>
      <legend>Đăng ký thường trú</legend>
      <label className="check">
        <input
          type="checkbox"
          name="joinHousehold"
          checked={f.joinHousehold}
          onChange={(e) => set('joinHousehold', e.target.checked)}
        />
        Đăng ký thường trú ngay vào một hộ gia đình
      </label>
      {f.joinHousehold ? (
        <HouseholdJoinFields
          prefix="household"
          householdId={f.householdId}
          relation={f.relationToHead}
          errors={errs}
          onChange={(v) => {
            set('householdId', v.householdId);
            set('relationToHead', v.relation);
          }}
        />
      ) : null}
    </fieldset>
  );
}

-- Exchange: member agencies, their OAuth clients, legal purposes and grants, and the
-- storage of the embedded OAuth authorization server (oidc-provider).

CREATE TABLE exchange_agencies (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ministry', 'province', 'hospital', 'bank', 'insurer', 'other')),
  unit_code text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- OAuth clients (one agency may run several systems). jwks holds public keys only;
-- several keys at once allow rotation without downtime.
CREATE TABLE exchange_clients (
  client_id text PRIMARY KEY,
  agency_id text NOT NULL REFERENCES exchange_agencies (id),
  name text NOT NULL,
  jwks jsonb NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX exchange_clients_agency ON exchange_clients (agency_id);

CREATE TABLE exchange_purposes (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$'),
  title_vi text NOT NULL,
  title_en text NOT NULL,
  legal_basis text NOT NULL,
  document_number text NOT NULL,
  operations text[] NOT NULL,
  fields text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE exchange_grants (
  client_id text NOT NULL REFERENCES exchange_clients (client_id),
  purpose text NOT NULL REFERENCES exchange_purposes (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, purpose)
);

-- oidc-provider's adapter storage, one table for all its models.
CREATE TABLE oidc_models (
  model text NOT NULL,
  id text NOT NULL,
  payload jsonb NOT NULL,
  expires_at timestamptz,
  consumed_at timestamptz,
  uid text,
  grant_id text,
  PRIMARY KEY (model, id)
);
CREATE INDEX oidc_models_expires ON oidc_models (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX oidc_models_grant ON oidc_models (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oidc_models_uid ON oidc_models (uid) WHERE uid IS NOT NULL;

INSERT INTO exchange_purposes (code, title_vi, title_en, legal_basis, document_number, operations, fields) VALUES
  ('bank.customer_verification',
   'Xác thực thông tin khách hàng', 'Customer identity verification',
   'Luật Phòng, chống rửa tiền 2022, Điều 9 (nhận biết khách hàng)', '14/2022/QH15',
   '{verify}', '{fullName,dateOfBirth,sex,cardStatus}'),
  ('social_insurance.card_issuance',
   'Cấp thẻ bảo hiểm y tế', 'Health insurance card issuance',
   'Luật Bảo hiểm y tế; Nghị định 146/2018/NĐ-CP', '146/2018/NĐ-CP',
   '{lookup}', '{fullName,dateOfBirth,sex,permanentResidence}'),
  ('health.patient_identification',
   'Định danh người bệnh', 'Patient identification',
   'Luật Khám bệnh, chữa bệnh 2023', '15/2023/QH15',
   '{verify,lookup}', '{fullName,dateOfBirth,sex}'),
  ('justice.civil_status',
   'Đăng ký hộ tịch', 'Civil status registration',
   'Luật Hộ tịch 2014', '60/2014/QH13',
   '{lookup}', '{fullName,dateOfBirth,sex,status,dateOfDeath,parents}');

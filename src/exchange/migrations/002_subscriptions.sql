-- Subscriptions tied to purposes (issue #4): a purpose that allows `subscribe` names the
-- change events it may receive; a grant may be limited to administrative units (province
-- or commune codes; empty = the whole country).
ALTER TABLE exchange_purposes ADD COLUMN event_types text[] NOT NULL DEFAULT '{}';
ALTER TABLE exchange_grants ADD COLUMN unit_codes text[] NOT NULL DEFAULT '{}';

INSERT INTO exchange_purposes (code, title_vi, title_en, legal_basis, document_number, operations, fields, event_types)
VALUES
  ('social_insurance.life_events',
   'Thông báo biến động dân cư cho bảo hiểm xã hội', 'Life events for social insurance',
   'Luật Bảo hiểm xã hội 2024; Nghị định 63/2024/NĐ-CP (liên thông thủ tục hành chính)', '63/2024/NĐ-CP',
   '{subscribe,lookup}', '{fullName,dateOfBirth,sex,permanentResidence,status,dateOfDeath,parents}',
   '{person.born,person.died,person.moved}');

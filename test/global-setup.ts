/** Says once which database the run uses, so a log shows whether PostgreSQL was tested. */
export default function setup() {
  const url = process.env.DATABASE_URL;
  console.log(url ? `tests run on PostgreSQL (${url.replace(/\/\/[^@]*@/, '//')})` : 'tests run on PGlite');
}

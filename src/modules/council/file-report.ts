/** Vorgangstyp of a "Dokument melden" notice (privacy, copyright) that reaches the Ratsbüro. */
export const COUNCIL_FILE_REPORT_CASE_TYPE = 'council-file-report';

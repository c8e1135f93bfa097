/** The Vorgangstyp of a Beschwerde (complaint or suggestion). */
export const COMPLAINT_CASE_TYPE = 'complaint';
export const COMPLAINT_PREFIX = 'BS';

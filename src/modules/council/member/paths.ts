/** URLs of the member area, and of the one council file route (the portal's) it links to. */
export const MEMBER_HOME = '/verwaltung/mandat';
export const MEMBER_ASSETS = `${MEMBER_HOME}/assets`;
/** The service worker's script; it is served with Service-Worker-Allowed: / (see member.routes.tsx). */
export const SERVICE_WORKER_PATH = `${MEMBER_HOME}/offline-sw.js`;
export const OFFLINE_PATH = `${MEMBER_HOME}/offline`;

export const meetingPath = (id: string): string => `${MEMBER_HOME}/sitzungen/${id}`;
export const paperPath = (id: string): string => `${MEMBER_HOME}/vorlagen/${id}`;
export const documentPath = (id: string): string => `${MEMBER_HOME}/dokumente/${id}`;
export const searchPath = (): string => `${MEMBER_HOME}/suche`;

/**
 * The bytes come from the portal's file route only: it decides with
 * councilFileAccess and audits members' non-public reads. Inline for reading,
 * /download as an attachment.
 */
export const documentFileUrl = (id: string): string => `/ratsinfo/dokumente/${id}`;
export const documentDownloadUrl = (id: string): string => `/ratsinfo/dokumente/${id}/download`;

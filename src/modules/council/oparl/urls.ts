/**
 * The URL layout of the OParl API (research notes §2.5). Every id is the
 * absolute URL of the object under the tenant's base URL, lower-case, without
 * a trailing slash, and contains only the immutable UUID.
 */

export const OPARL_PREFIX = '/oparl/v1.1';

/** Object types as they appear in URLs. */
export const OBJECT_SEGMENTS = ['body', 'organization', 'person', 'membership', 'meeting', 'agenda-item', 'paper', 'consultation', 'file', 'location', 'legislative-term'] as const;
export type ObjectSegment = (typeof OBJECT_SEGMENTS)[number];

/** The Body's ten external lists as they appear in URLs. */
export const BODY_LIST_SEGMENTS = ['organizations', 'persons', 'meetings', 'papers', 'agenda-items', 'consultations', 'files', 'locations', 'legislative-terms', 'memberships'] as const;
export type BodyListSegment = (typeof BODY_LIST_SEGMENTS)[number];

/** Which object type each Body list holds. */
export const LIST_ITEM_SEGMENT: Record<BodyListSegment, Exclude<ObjectSegment, 'body'>> = {
  organizations: 'organization',
  persons: 'person',
  meetings: 'meeting',
  papers: 'paper',
  'agenda-items': 'agenda-item',
  consultations: 'consultation',
  files: 'file',
  locations: 'location',
  'legislative-terms': 'legislative-term',
  memberships: 'membership',
};

export interface OParlUrls {
  base: string;
  system: string;
  bodies: string;
  object(segment: ObjectSegment, id: string): string;
  bodyList(bodyId: string, list: BodyListSegment): string;
  organizationList(organizationId: string, list: 'meetings' | 'consultations'): string;
  fileContent(id: string): string;
  fileDownload(id: string): string;
  /** Portal pages (the `web` property). */
  web: {
    portal: string;
    meeting(id: string): string;
    paper(id: string): string;
    organization(id: string): string;
    person(id: string): string;
  };
}

export function oparlUrls(base: string): OParlUrls {
  const root = `${base.replace(/\/$/, '')}${OPARL_PREFIX}`;
  const site = base.replace(/\/$/, '');
  return {
    base: site,
    system: `${root}/system`,
    bodies: `${root}/bodies`,
    object: (segment, id) => `${root}/${segment}/${id}`,
    bodyList: (bodyId, list) => `${root}/body/${bodyId}/${list}`,
    organizationList: (organizationId, list) => `${root}/organization/${organizationId}/${list}`,
    fileContent: (id) => `${root}/file/${id}/content`,
    fileDownload: (id) => `${root}/file/${id}/download`,
    web: {
      portal: `${site}/ratsinfo`,
      meeting: (id) => `${site}/ratsinfo/sitzungen/${id}`,
      paper: (id) => `${site}/ratsinfo/vorlagen/${id}`,
      organization: (id) => `${site}/ratsinfo/gremien/${id}`,
      person: (id) => `${site}/ratsinfo/personen/${id}`,
    },
  };
}

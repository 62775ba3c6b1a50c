import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  Attachment,
  CweEntry,
  DuplicateCandidate,
  Page,
  Report,
  ReportSubmitted,
  ReportSummary,
  type DiscoveryMethod,
  type ReportSubmit,
  type ReportTransition,
  type ReportUpdate,
  type ValidationInput,
} from '@clearinghouse/shared';
import {
  api,
  ApiError,
  isApiError,
  itemsOf,
  requestBlob,
  segment,
  withQuery,
  type RequestHeaders,
} from '../../app/api';

const ReportPage = Page(ReportSummary);
const DuplicateList = itemsOf(DuplicateCandidate);
const CweList = itemsOf(CweEntry);

/** The triage queue's filters, as the list endpoint takes them. */
export interface ReportFilters {
  /** Comma-separated statuses. */
  status?: string | undefined;
  overdue?: boolean | undefined;
  /** "me", "none" or a user id. */
  assignee?: string | undefined;
  discoveryMethod?: DiscoveryMethod | undefined;
  q?: string | undefined;
  /** Only the reports I submitted. */
  mine?: boolean | undefined;
}

export const reportKeys = {
  all: ['reports'] as const,
  lists: ['reports', 'list'] as const,
  list: (filters: ReportFilters) => ['reports', 'list', filters] as const,
  overdue: ['reports', 'overdue'] as const,
  detail: (id: string) => ['reports', 'detail', id] as const,
  duplicates: (id: string) => ['reports', 'detail', id, 'duplicates'] as const,
  cwe: (q: string) => ['cwe', q] as const,
  followup: ['followup-report'] as const,
};

function base(id: string): string {
  return `/api/v1/reports/${segment(id)}`;
}

/** After a change: the answer is the report as it is now; every list may have changed. */
async function reportChanged(queryClient: QueryClient, id: string, report: Report): Promise<void> {
  queryClient.setQueryData(reportKeys.detail(id), report);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: reportKeys.lists }),
    queryClient.invalidateQueries({ queryKey: reportKeys.overdue }),
  ]);
}

// ---- lists ----------------------------------------------------------------------------------

export function useReportList(filters: ReportFilters) {
  return useInfiniteQuery({
    queryKey: reportKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get(
        withQuery('/api/v1/reports', {
          status: filters.status,
          overdue: filters.overdue ? 'true' : undefined,
          assignee: filters.assignee,
          discoveryMethod: filters.discoveryMethod,
          q: filters.q,
          mine: filters.mine ? 'true' : undefined,
          cursor: pageParam,
          limit: 50,
        }),
        ReportPage,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** How many reports are overdue, counted up to `OVERDUE_COUNT_LIMIT` ("50 or more" beyond). */
export const OVERDUE_COUNT_LIMIT = 50;

export function useOverdueReports(enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.overdue,
    queryFn: () =>
      api.get(withQuery('/api/v1/reports', { overdue: 'true', limit: OVERDUE_COUNT_LIMIT }), ReportPage),
    select: (page) => ({ count: page.items.length, more: page.nextCursor !== null }),
    enabled,
  });
}

// ---- one report -----------------------------------------------------------------------------

/** A report by its id or its VR- reference. */
export function useReport(id: string) {
  return useQuery({ queryKey: reportKeys.detail(id), queryFn: () => api.get(base(id), Report) });
}

export function useSubmitReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ReportSubmit) => api.post('/api/v1/reports', ReportSubmitted, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.all }),
  });
}

export function useUpdateReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ReportUpdate) => api.patch(base(id), Report, request),
    onSuccess: (report) => reportChanged(queryClient, id, report),
  });
}

const REFERENCE = /^VR-\d{4}-\d+$/i;

/**
 * The original of a duplicate, by id or by its VR- reference: the server links ids only, so a
 * reference is looked up first. One it cannot find is a problem with that field.
 */
async function originalId(idOrRef: string): Promise<string> {
  if (!REFERENCE.test(idOrRef)) return idOrRef;
  try {
    return (await api.get(base(idOrRef.toUpperCase()), Report)).id;
  } catch (error) {
    if (!isApiError(error, 'not_found')) throw error;
    throw new ApiError(422, 'validation_failed', 'The transition is not complete.', error.requestId, [
      { path: 'duplicateOf', message: `There is no report ${idOrRef.toUpperCase()} that you can read.` },
    ]);
  }
}

export function useTransitionReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: ReportTransition) =>
      api.post(`${base(id)}/transitions`, Report, {
        ...request,
        ...(request.duplicateOf && { duplicateOf: await originalId(request.duplicateOf) }),
      }),
    onSuccess: (report) => reportChanged(queryClient, id, report),
  });
}

export function useValidateReport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ValidationInput) => api.post(`${base(id)}/validation`, Report, request),
    onSuccess: (report) => reportChanged(queryClient, id, report),
  });
}

export function useDuplicateCandidates(id: string, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.duplicates(id),
    queryFn: () => api.get(`${base(id)}/duplicates`, DuplicateList),
    enabled,
  });
}

export function useAddMessage(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: { body: string; internal?: boolean }) =>
      api.post(`${base(id)}/messages`, Report, request),
    onSuccess: (report) => reportChanged(queryClient, id, report),
  });
}

/** The file is the request body, sent with its own media type. */
export function useUploadAttachment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api.post(withQuery(`${base(id)}/attachments`, { filename: file.name }), Attachment, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.detail(id) }),
  });
}

export function attachmentUrl(reportId: string, attachmentId: string): string {
  return `${base(reportId)}/attachments/${segment(attachmentId)}`;
}

// ---- CWE catalog ----------------------------------------------------------------------------

/** CWE entries matching an id or words; signed-in users only. */
export function useCweSearch(q: string, enabled: boolean) {
  const query = q.trim();
  return useQuery({
    queryKey: reportKeys.cwe(query),
    queryFn: () => api.get(withQuery('/api/v1/cwe', { q: query, limit: 10 }), CweList),
    enabled: enabled && query.length >= 2,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

// ---- anonymous follow-up ----------------------------------------------------------------------

const FOLLOWUP_STORAGE_KEY = 'clearinghouse.followUpSecret';

/** The follow-up secret lives in this tab's session storage only, never in localStorage or the URL. */
export function readFollowupSecret(): string | null {
  try {
    return sessionStorage.getItem(FOLLOWUP_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeFollowupSecret(secret: string | null): void {
  try {
    if (secret === null) sessionStorage.removeItem(FOLLOWUP_STORAGE_KEY);
    else sessionStorage.setItem(FOLLOWUP_STORAGE_KEY, secret);
  } catch {
    // Storage may be unavailable (private mode): the secret then lasts for this page only.
  }
}

function followupHeaders(secret: string): RequestHeaders {
  return { 'X-Followup-Secret': secret };
}

/** Its 401 is about the secret, not the session: see createQueryClient. */
const OWN_CREDENTIALS = { ownCredentials: true };

export function useFollowupReport(secret: string | null) {
  return useQuery({
    queryKey: [...reportKeys.followup, secret],
    queryFn: async () => {
      try {
        return await api.get('/api/v1/followup/report', Report, followupHeaders(secret ?? ''));
      } catch (error) {
        // A secret that matches nothing is not kept.
        if (isApiError(error, 'unauthenticated') && readFollowupSecret() === secret)
          storeFollowupSecret(null);
        throw error;
      }
    },
    enabled: secret !== null,
    retry: false,
    meta: OWN_CREDENTIALS,
  });
}

export function useFollowupReply(secret: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body }: { body: string }) =>
      api.post('/api/v1/followup/report/messages', Report, { body }, followupHeaders(secret)),
    onSuccess: (report) => {
      queryClient.setQueryData([...reportKeys.followup, secret], report);
    },
    meta: OWN_CREDENTIALS,
  });
}

export function useFollowupUpload(secret: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api.post(
        withQuery('/api/v1/followup/report/attachments', { filename: file.name }),
        Attachment,
        file,
        followupHeaders(secret),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...reportKeys.followup, secret] }),
    meta: OWN_CREDENTIALS,
  });
}

/** Fetched with the secret in a header (a link cannot carry it), then saved as the file. */
export async function downloadFollowupAttachment(secret: string, attachment: Attachment): Promise<void> {
  const blob = await requestBlob(
    `/api/v1/followup/report/attachments/${segment(attachment.id)}`,
    followupHeaders(secret),
  );
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = attachment.filename;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Give the browser a moment to start the download before the URL goes.
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 10_000);
  }
}

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
  Case,
  CaseSummary,
  CaseThread,
  Page,
  PostRevision,
  TimelineEntry,
  VendorProduct,
  VendorSuggestion,
  type CaseCreate,
  type CaseStatus,
  type CaseUpdate,
  type CaseVulnerabilityInput,
  type CaseVulnerabilityUpdate,
  type EmbargoProposal,
  type EmbargoResponse,
  type ParticipantAdd,
  type ParticipantDecision,
  type StatementInput,
  type VendorProductCreate,
} from '@clearinghouse/shared';
import { api, itemsOf, requestJson, segment, withQuery } from '../../app/api';
import { orgKeys } from '../orgs/orgs.api';

const CasePage = Page(CaseSummary);
const ThreadList = itemsOf(CaseThread);
const RevisionList = itemsOf(PostRevision);
const TimelineList = itemsOf(TimelineEntry);
const SuggestionList = itemsOf(VendorSuggestion);
const ProductList = itemsOf(VendorProduct);

export interface CaseFilters {
  status?: CaseStatus | undefined;
  q?: string | undefined;
}

export const caseKeys = {
  all: ['cases'] as const,
  lists: ['cases', 'list'] as const,
  list: (filters: CaseFilters) => ['cases', 'list', filters] as const,
  detail: (id: string) => ['cases', 'detail', id] as const,
  threads: (id: string) => ['cases', 'detail', id, 'threads'] as const,
  revisions: (id: string, postId: string) => ['cases', 'detail', id, 'posts', postId, 'revisions'] as const,
  timeline: (id: string) => ['cases', 'detail', id, 'timeline'] as const,
  suggestions: (id: string) => ['cases', 'detail', id, 'vendor-suggestions'] as const,
  /** A vendor's product list belongs with its organization. */
  products: (orgId: string) => [...orgKeys.detail(orgId), 'products'] as const,
};

/** By id or CH- reference: the server takes either everywhere. */
function base(id: string): string {
  return `/api/v1/cases/${segment(id)}`;
}

/**
 * After a change: the answer is the case as it is now. The lists, the timeline and the vendor
 * suggestions may have changed with it.
 */
async function caseChanged(queryClient: QueryClient, id: string, updated: Case): Promise<void> {
  queryClient.setQueryData(caseKeys.detail(id), updated);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: caseKeys.lists }),
    queryClient.invalidateQueries({ queryKey: caseKeys.timeline(id) }),
    queryClient.invalidateQueries({ queryKey: caseKeys.suggestions(id) }),
  ]);
}

/** A mutation whose answer is the whole case. */
function useCaseMutation<TVariables>(id: string, mutationFn: (variables: TVariables) => Promise<Case>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (updated) => caseChanged(queryClient, id, updated),
  });
}

// ---- lists and the case -----------------------------------------------------------------------

export function useCaseList(filters: CaseFilters) {
  return useInfiniteQuery({
    queryKey: caseKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get(withQuery('/api/v1/cases', { ...filters, cursor: pageParam, limit: 200 }), CasePage),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string) {
  return useQuery({ queryKey: caseKeys.detail(id), queryFn: () => api.get(base(id), Case) });
}

export function useOpenCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CaseCreate) => api.post('/api/v1/cases', Case, request),
    onSuccess: async (opened) => {
      queryClient.setQueryData(caseKeys.detail(opened.id), opened);
      // The reports it opened from are accepted now.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.lists }),
        queryClient.invalidateQueries({ queryKey: ['reports'] }),
      ]);
    },
  });
}

export function useUpdateCase(id: string) {
  return useCaseMutation(id, (request: CaseUpdate) => api.patch(base(id), Case, request));
}

// ---- vulnerabilities ----------------------------------------------------------------------------

export function useAddVulnerability(id: string) {
  return useCaseMutation(id, (request: CaseVulnerabilityInput) =>
    api.post(`${base(id)}/vulnerabilities`, Case, request),
  );
}

export function useUpdateVulnerability(id: string) {
  return useCaseMutation(
    id,
    ({ vulnerabilityId, ...request }: CaseVulnerabilityUpdate & { vulnerabilityId: string }) =>
      api.patch(`${base(id)}/vulnerabilities/${segment(vulnerabilityId)}`, Case, request),
  );
}

// ---- participants -------------------------------------------------------------------------------

export function useAddParticipant(id: string) {
  return useCaseMutation(id, (request: ParticipantAdd) =>
    api.post(`${base(id)}/participants`, Case, request),
  );
}

export function useDecideParticipant(id: string) {
  return useCaseMutation(id, ({ participantId, decision }: ParticipantDecision & { participantId: string }) =>
    api.post(`${base(id)}/participants/${segment(participantId)}/decision`, Case, { decision }),
  );
}

export function useVendorSuggestions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.suggestions(id),
    queryFn: () => api.get(`${base(id)}/vendor-suggestions`, SuggestionList),
    enabled,
  });
}

// ---- statements ---------------------------------------------------------------------------------

export function usePutStatement(id: string) {
  return useCaseMutation(id, (request: StatementInput) =>
    requestJson('PUT', `${base(id)}/statements`, Case, request),
  );
}

export function useApproveStatement(id: string) {
  return useCaseMutation(id, (statementId: string) =>
    api.post(`${base(id)}/statements/${segment(statementId)}/approve`, Case),
  );
}

// ---- embargo ------------------------------------------------------------------------------------

export function useProposeEmbargo(id: string) {
  return useCaseMutation(id, (request: EmbargoProposal) => api.post(`${base(id)}/embargoes`, Case, request));
}

export function useAnswerEmbargo(id: string) {
  return useCaseMutation(id, ({ embargoId, ...request }: EmbargoResponse & { embargoId: string }) =>
    api.post(`${base(id)}/embargoes/${segment(embargoId)}/response`, Case, request),
  );
}

// ---- threads ------------------------------------------------------------------------------------

export function useThreads(id: string) {
  return useQuery({
    queryKey: caseKeys.threads(id),
    queryFn: () => api.get(`${base(id)}/threads`, ThreadList),
  });
}

/** A mutation whose answer is every thread the reader sees. */
function useThreadsMutation<TVariables>(
  id: string,
  mutationFn: (variables: TVariables) => Promise<{ items: CaseThread[] }>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (threads) => {
      queryClient.setQueryData(caseKeys.threads(id), threads);
      await queryClient.invalidateQueries({ queryKey: caseKeys.timeline(id) });
    },
  });
}

export function useOpenPrivateThread(id: string) {
  return useThreadsMutation(id, (request: { participantId: string; title: string }) =>
    api.post(`${base(id)}/threads`, ThreadList, request),
  );
}

export function useAddPost(id: string) {
  return useThreadsMutation(id, ({ threadId, body }: { threadId: string; body: string }) =>
    api.post(`${base(id)}/threads/${segment(threadId)}/posts`, ThreadList, { body }),
  );
}

export function useEditPost(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, body }: { postId: string; body: string }) =>
      api.patch(`${base(id)}/posts/${segment(postId)}`, ThreadList, { body }),
    onSuccess: async (threads, { postId }) => {
      queryClient.setQueryData(caseKeys.threads(id), threads);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.revisions(id, postId) }),
        queryClient.invalidateQueries({ queryKey: caseKeys.timeline(id) }),
      ]);
    },
  });
}

export function usePostRevisions(id: string, postId: string, enabled: boolean) {
  return useQuery({
    queryKey: caseKeys.revisions(id, postId),
    queryFn: () => api.get(`${base(id)}/posts/${segment(postId)}/revisions`, RevisionList),
    enabled,
  });
}

// ---- files and the timeline ---------------------------------------------------------------------

/** The file is the request body, sent with its own media type. */
export function useUploadCaseFile(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      api.post(withQuery(`${base(id)}/attachments`, { filename: file.name }), Attachment, file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) }),
  });
}

export function caseFileUrl(caseId: string, attachmentId: string): string {
  return `${base(caseId)}/attachments/${segment(attachmentId)}`;
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: caseKeys.timeline(id),
    queryFn: () => api.get(`${base(id)}/timeline`, TimelineList),
  });
}

// ---- a vendor's product list --------------------------------------------------------------------

function productsPath(orgId: string): string {
  return `/api/v1/orgs/${segment(orgId)}/products`;
}

export function useVendorProducts(orgId: string) {
  return useQuery({
    queryKey: caseKeys.products(orgId),
    queryFn: () => api.get(productsPath(orgId), ProductList),
  });
}

export function useAddVendorProduct(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: VendorProductCreate) => api.post(productsPath(orgId), VendorProduct, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseKeys.products(orgId) }),
  });
}

export function useRemoveVendorProduct(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (productId: string) => api.delete(`${productsPath(orgId)}/${segment(productId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: caseKeys.products(orgId) }),
  });
}

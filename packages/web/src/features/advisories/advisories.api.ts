import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  Advisory,
  AdvisorySummary,
  AdvisoryValidation,
  ImportedAdvisory,
  ImportedSummary,
  ImportReport,
  Page,
  type AdvisoryContent,
  type AdvisoryDraftCreate,
  type AdvisoryStatus,
  type AdvisoryTransition,
  type AdvisoryUpdate,
  type EarlyRelease,
  type ImportFromUrl,
} from '@clearinghouse/shared';
import { importMediaType } from './import-files';
import { uploadFile } from '../../app/upload-file';
import { api, isApiError, requestJson, segment, withQuery } from '../../app/api';

const AdvisoryPage = Page(AdvisorySummary);
const ImportedPage = Page(ImportedSummary);

export interface AdvisoryFilters {
  q?: string | undefined;
  cve?: string | undefined;
  status?: AdvisoryStatus | undefined;
  /** Only the advisories of this case (its id). */
  caseId?: string | undefined;
}

export interface ImportFilters {
  q?: string | undefined;
  format?: 'csaf' | 'osv' | undefined;
}

export const advisoryKeys = {
  all: ['advisories'] as const,
  lists: ['advisories', 'list'] as const,
  list: (filters: AdvisoryFilters) => ['advisories', 'list', filters] as const,
  detail: (id: string) => ['advisories', 'detail', id] as const,
  validation: (id: string, content: AdvisoryContent) =>
    ['advisories', 'detail', id, 'validation', content] as const,
  imports: ['advisories', 'imports'] as const,
  importList: (filters: ImportFilters) => ['advisories', 'imports', 'list', filters] as const,
  imported: (id: string) => ['advisories', 'imports', 'detail', id] as const,
};

/** By id or tracking id (CHSA-…): the server takes either. */
function base(id: string): string {
  return `/api/v1/advisories/${segment(id)}`;
}

/** Where the released and preview forms are served; the CSAF file's own URL comes with the advisory. */
export function documentUrls(id: string): { csafPreview: string; osv: string; cve: string } {
  return { csafPreview: `${base(id)}/csaf?preview=true`, osv: `${base(id)}/osv`, cve: `${base(id)}/cve` };
}

/**
 * After a change the answer is the advisory as it is now, under both the address it was loaded
 * by and its id; the lists may show it differently.
 */
async function advisoryChanged(queryClient: QueryClient, routeId: string, updated: Advisory): Promise<void> {
  queryClient.setQueryData(advisoryKeys.detail(routeId), updated);
  queryClient.setQueryData(advisoryKeys.detail(updated.id), updated);
  await queryClient.invalidateQueries({ queryKey: advisoryKeys.lists });
}

function useAdvisoryMutation<TVariables>(
  routeId: string,
  mutationFn: (variables: TVariables) => Promise<Advisory>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (updated) => advisoryChanged(queryClient, routeId, updated),
  });
}

// ---- advisories -------------------------------------------------------------------------------

export function useAdvisoryList(filters: AdvisoryFilters) {
  return useInfiniteQuery({
    queryKey: advisoryKeys.list(filters),
    queryFn: ({ pageParam }) =>
      api.get(withQuery('/api/v1/advisories', { ...filters, cursor: pageParam, limit: 50 }), AdvisoryPage),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAdvisory(id: string) {
  return useQuery({ queryKey: advisoryKeys.detail(id), queryFn: () => api.get(base(id), Advisory) });
}

export function useDraftAdvisory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: AdvisoryDraftCreate) => api.post('/api/v1/advisories', Advisory, request),
    onSuccess: async (drafted) => {
      queryClient.setQueryData(advisoryKeys.detail(drafted.id), drafted);
      await queryClient.invalidateQueries({ queryKey: advisoryKeys.lists });
    },
  });
}

export function useSaveAdvisory(routeId: string) {
  return useAdvisoryMutation(routeId, (request: AdvisoryUpdate) =>
    requestJson('PUT', base(routeId), Advisory, request),
  );
}

export function useAdvisoryTransition(routeId: string) {
  return useAdvisoryMutation(routeId, (request: AdvisoryTransition) =>
    api.post(`${base(routeId)}/transitions`, Advisory, request),
  );
}

export function useReleaseAdvisory(routeId: string) {
  return useAdvisoryMutation(routeId, (request: Partial<EarlyRelease>) =>
    api.post(`${base(routeId)}/release`, Advisory, request),
  );
}

/**
 * The validation of unsaved content. Content the shared contract refuses is answered by the server
 * with a 422 (before its CSAF tests run): its details are findings like any other.
 */
export async function validateContent(id: string, content: AdvisoryContent): Promise<AdvisoryValidation> {
  try {
    return await api.post(`${base(id)}/validate`, AdvisoryValidation, { content });
  } catch (error) {
    if (!isApiError(error, 'validation_failed') || error.details.length === 0) throw error;
    return {
      valid: false,
      errors: error.details.map((d) => ({
        test: d.code ?? 'content',
        path: d.path.replace(/^(body\.)?content\.?/, ''),
        message: d.message,
      })),
      warnings: [],
    };
  }
}

/** Live validation of what is being edited: `content` should already be debounced. */
export function useLiveValidation(id: string, content: AdvisoryContent, enabled: boolean) {
  return useQuery({
    queryKey: advisoryKeys.validation(id, content),
    queryFn: () => validateContent(id, content),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
}

// ---- imports ------------------------------------------------------------------------------------

export function useImportList(filters: ImportFilters) {
  return useInfiniteQuery({
    queryKey: advisoryKeys.importList(filters),
    queryFn: ({ pageParam }) =>
      api.get(withQuery('/api/v1/imports', { ...filters, cursor: pageParam, limit: 50 }), ImportedPage),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useImported(id: string) {
  return useQuery({
    queryKey: advisoryKeys.imported(id),
    queryFn: () => api.get(`/api/v1/imports/${segment(id)}`, ImportedAdvisory),
  });
}

export function useImportFromUrl() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: ImportFromUrl) => api.post('/api/v1/imports', ImportReport, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: advisoryKeys.imports }),
  });
}

export interface UploadRequest {
  file: File;
  csrfToken: string | null;
  /** Called as the file goes up: the share sent, from 0 to 1. */
  onProgress: (sent: number) => void;
}

/** An import file sent as it is, with upload progress. */
function uploadImport({ file, csrfToken, onProgress }: UploadRequest): Promise<ImportReport> {
  return uploadFile({
    url: withQuery('/api/v1/imports/upload', { filename: file.name }),
    file,
    contentType: importMediaType(file.name),
    csrfToken,
    onProgress,
    response: ImportReport,
  });
}

export function useImportUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadImport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: advisoryKeys.imports }),
  });
}

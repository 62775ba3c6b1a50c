import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import {
  Component,
  Exposure,
  ExposureDetail,
  Inventory,
  InventoryUploadReport,
  Page,
  Suppression,
  type ComponentInput,
  type ExposureStatus,
  type ExposureStatusChange,
  type ExposureTriage,
  type InventoryCreate,
  type SuppressionCreate,
} from '@clearinghouse/shared';
import { uploadInventoryFile, type InventoryUploadRequest } from './upload-inventory';
import { api, itemsOf, segment, withQuery } from '../../app/api';

const ExposurePage = Page(Exposure);
const ComponentPage = Page(Component);
const InventoryList = itemsOf(Inventory);
const UploadList = itemsOf(InventoryUploadReport);
const SuppressionList = itemsOf(Suppression);

/** What "What to do today" shows: alerting matches to act on, or the low-confidence ones to review. */
export interface ExposureFilters {
  orgId?: string | undefined;
  inventoryId?: string | undefined;
  /** Statuses to show; empty for the server's default (open and acknowledged). */
  statuses?: readonly ExposureStatus[] | undefined;
  alerting: 'true' | 'false';
}

export const exposureKeys = {
  all: ['exposure'] as const,
  exposures: ['exposure', 'exposures'] as const,
  exposureList: (filters: ExposureFilters) => ['exposure', 'exposures', 'list', filters] as const,
  exposure: (id: string) => ['exposure', 'exposures', 'detail', id] as const,
  inventories: ['exposure', 'inventories'] as const,
  inventoryList: (orgId: string | undefined) => ['exposure', 'inventories', 'list', orgId ?? ''] as const,
  inventory: (id: string) => ['exposure', 'inventories', 'detail', id] as const,
  components: (inventoryId: string, q: string) =>
    ['exposure', 'inventories', 'detail', inventoryId, 'components', q] as const,
  uploads: (inventoryId: string) => ['exposure', 'inventories', 'detail', inventoryId, 'uploads'] as const,
  suppressions: (orgId: string | undefined) => ['exposure', 'suppressions', orgId ?? ''] as const,
};

/** Anything that changes components or statuses changes the lists, counts and rankings too. */
function invalidateAll(queryClient: QueryClient) {
  return queryClient.invalidateQueries({ queryKey: exposureKeys.all });
}

// ---- exposures ----------------------------------------------------------------------------------

export function useExposureList(filters: ExposureFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: exposureKeys.exposureList(filters),
    queryFn: ({ pageParam }) =>
      api.get(
        withQuery('/api/v1/exposures', {
          orgId: filters.orgId,
          inventoryId: filters.inventoryId,
          status: filters.statuses?.join(','),
          alerting: filters.alerting,
          cursor: pageParam,
          limit: 25,
        }),
        ExposurePage,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useExposure(id: string) {
  return useQuery({
    queryKey: exposureKeys.exposure(id),
    queryFn: () => api.get(`/api/v1/exposures/${segment(id)}`, ExposureDetail),
  });
}

export function useChangeExposureStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: ExposureStatusChange) =>
      api.post(`/api/v1/exposures/${segment(id)}/status`, ExposureDetail, change),
    onSuccess: async (detail) => {
      queryClient.setQueryData(exposureKeys.exposure(id), detail);
      await invalidateAll(queryClient);
    },
  });
}

export function useTriageExposure() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, triage }: { id: string; triage: ExposureTriage['triage'] }) =>
      api.post(`/api/v1/exposures/${segment(id)}/triage`, ExposureDetail, { triage }),
    onSettled: () => invalidateAll(queryClient),
  });
}

/** The organization's statuses as a CycloneDX VEX document (a download link, not a query). */
export function vexDownloadPath(orgId: string | undefined): string {
  return withQuery('/api/v1/exposures/vex', { orgId });
}

// ---- suppressions -------------------------------------------------------------------------------

export function useSuppressions(orgId: string | undefined) {
  return useQuery({
    queryKey: exposureKeys.suppressions(orgId),
    queryFn: () => api.get(withQuery('/api/v1/suppressions', { orgId }), SuppressionList),
  });
}

export function useSuppress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: SuppressionCreate) => api.post('/api/v1/suppressions', Suppression, request),
    onSuccess: () => invalidateAll(queryClient),
  });
}

export function useLiftSuppression() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/v1/suppressions/${segment(id)}`),
    onSettled: () => invalidateAll(queryClient),
  });
}

// ---- inventories --------------------------------------------------------------------------------

export function useInventories(orgId: string | undefined) {
  return useQuery({
    queryKey: exposureKeys.inventoryList(orgId),
    queryFn: () => api.get(withQuery('/api/v1/inventories', { orgId }), InventoryList),
  });
}

export function useInventory(id: string) {
  return useQuery({
    queryKey: exposureKeys.inventory(id),
    queryFn: () => api.get(`/api/v1/inventories/${segment(id)}`, Inventory),
  });
}

export function useCreateInventory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InventoryCreate) => api.post('/api/v1/inventories', Inventory, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exposureKeys.inventories }),
  });
}

export function useComponents(inventoryId: string, q: string) {
  return useInfiniteQuery({
    queryKey: exposureKeys.components(inventoryId, q),
    queryFn: ({ pageParam }) =>
      api.get(
        withQuery(`/api/v1/inventories/${segment(inventoryId)}/components`, {
          q,
          cursor: pageParam,
          limit: 50,
        }),
        ComponentPage,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAddComponent(inventoryId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ComponentInput) =>
      api.post(`/api/v1/inventories/${segment(inventoryId)}/components`, Component, input),
    onSuccess: () => invalidateAll(queryClient),
  });
}

export function useRemoveComponent(inventoryId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (componentId: string) =>
      api.delete(`/api/v1/inventories/${segment(inventoryId)}/components/${segment(componentId)}`),
    onSettled: () => invalidateAll(queryClient),
  });
}

export function useUploads(inventoryId: string) {
  return useQuery({
    queryKey: exposureKeys.uploads(inventoryId),
    queryFn: () => api.get(`/api/v1/inventories/${segment(inventoryId)}/uploads`, UploadList),
  });
}

export function useUploadInventory() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: InventoryUploadRequest) => uploadInventoryFile(request),
    onSuccess: () => invalidateAll(queryClient),
  });
}

import { createContext, useContext } from 'react';
import type { ConsoleViewerQuery } from '../gql/graphql';
import type { Permissions } from '../shared/permissions';

export type Tenant = ConsoleViewerQuery['tenant'];
export type ViewerData = ConsoleViewerQuery['viewer'];

export interface ViewerContextValue {
  viewer: ViewerData;
  tenant: Tenant;
  permissions: Permissions;
  refetch: () => void;
}

export const ViewerContext = createContext<ViewerContextValue | null>(null);

export function useViewer(): ViewerContextValue {
  const value = useContext(ViewerContext);
  if (!value) throw new Error('useViewer outside ViewerProvider');
  return value;
}

export function useCan(resource: string, action: string): boolean {
  return useViewer().permissions.has(`${resource}:${action}`);
}

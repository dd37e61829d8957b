import { graphql } from '../../gql';

export const WarehousesList = graphql(`
  query WarehousesList($first: Int, $after: String, $activeOnly: Boolean!) {
    warehouses(first: $first, after: $after, activeOnly: $activeOnly) {
      edges {
        cursor
        node {
          id
          code
          name
          regions
          priority
          active
          createdAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StockLevelsList = graphql(`
  query StockLevelsList($first: Int, $after: String, $warehouseId: ID, $lowStockOnly: Boolean!) {
    stockLevels(
      first: $first
      after: $after
      warehouseId: $warehouseId
      lowStockOnly: $lowStockOnly
    ) {
      edges {
        cursor
        node {
          id
          skuId
          skuCode
          onHand
          reserved
          available
          backordered
          lowStockThreshold
          isLow
          updatedAt
          warehouse {
            id
            code
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const StockMovementsList = graphql(`
  query StockMovementsList($first: Int, $after: String, $warehouseId: ID) {
    stockMovements(first: $first, after: $after, warehouseId: $warehouseId) {
      edges {
        cursor
        node {
          id
          kind
          skuId
          skuCode
          onHandDelta
          reservedDelta
          backorderedDelta
          reason
          referenceType
          referenceId
          actorKind
          createdAt
          warehouse {
            id
            code
          }
          actor {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateWarehouse = graphql(`
  mutation CreateWarehouse($input: CreateWarehouseInput!) {
    createWarehouse(input: $input) {
      warehouse {
        id
        code
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateWarehouse = graphql(`
  mutation UpdateWarehouse($input: UpdateWarehouseInput!) {
    updateWarehouse(input: $input) {
      warehouse {
        id
        code
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const ReceiveStock = graphql(`
  mutation ReceiveStock($input: ReceiveStockInput!) {
    receiveStock(input: $input) {
      stockLevel {
        id
        onHand
        available
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const AdjustStock = graphql(`
  mutation AdjustStock($input: AdjustStockInput!) {
    adjustStock(input: $input) {
      stockLevel {
        id
        onHand
        available
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const SetLowStockThreshold = graphql(`
  mutation SetLowStockThreshold($input: SetLowStockThresholdInput!) {
    setLowStockThreshold(input: $input) {
      stockLevel {
        id
        lowStockThreshold
        isLow
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

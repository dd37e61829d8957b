import { graphql } from '../../gql';

export const ProductsList = graphql(`
  query ProductsList($first: Int, $after: String, $search: String, $active: Boolean) {
    products(first: $first, after: $after, search: $search, active: $active) {
      edges {
        cursor
        node {
          id
          code
          name
          unit
          active
          hasOptions
          taxRate
          basePrice {
            amount
            currency
          }
          skus {
            id
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

export const ProductDetail = graphql(`
  query ProductDetail($id: ID!) {
    node(id: $id) {
      ... on Product {
        id
        code
        name
        description
        unit
        taxRate
        active
        hasOptions
        basePrice {
          amount
          currency
        }
        baseCost {
          amount
          currency
        }
        attributes {
          name
          value
        }
        options {
          id
          name
          position
          values {
            id
            name
            code
            position
            priceDelta {
              amount
              currency
            }
          }
        }
        skus {
          id
          code
          name
          minOrderQuantity
          packSize
          active
          sellable
          listPrice {
            amount
            currency
          }
          cost {
            amount
            currency
          }
          optionValues {
            id
            name
          }
        }
      }
    }
  }
`);

export const SkuSearch = graphql(`
  query SkuSearch($search: String, $first: Int) {
    skus(first: $first, search: $search) {
      edges {
        node {
          id
          code
          name
          active
          listPrice {
            amount
            currency
          }
        }
      }
    }
  }
`);

export const CreateProduct = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) {
      product {
        id
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateProduct = graphql(`
  mutation UpdateProduct($input: UpdateProductInput!) {
    updateProduct(input: $input) {
      product {
        id
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const SetProductActive = graphql(`
  mutation SetProductActive($productId: ID!, $active: Boolean!) {
    setProductActive(productId: $productId, active: $active) {
      product {
        id
        active
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const AddProductOption = graphql(`
  mutation AddProductOption($input: AddProductOptionInput!) {
    addProductOption(input: $input) {
      option {
        id
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const AddProductOptionValues = graphql(`
  mutation AddProductOptionValues($input: AddProductOptionValuesInput!) {
    addProductOptionValues(input: $input) {
      option {
        id
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const GenerateVariants = graphql(`
  mutation GenerateVariants($productId: ID!) {
    generateVariants(productId: $productId) {
      createdSkus {
        id
        code
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateSku = graphql(`
  mutation UpdateSku($input: UpdateSkuInput!) {
    updateSku(input: $input) {
      sku {
        id
        code
        name
        active
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const PriceBooksList = graphql(`
  query PriceBooksList($first: Int, $after: String) {
    priceBooks(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          name
          kind
          customerTier
          region
          validFrom
          validTo
          priority
          active
          entries {
            id
            minQuantity
            unitPrice {
              amount
              currency
            }
            sku {
              id
              code
              name
            }
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

export const CreatePriceBook = graphql(`
  mutation CreatePriceBook($input: CreatePriceBookInput!) {
    createPriceBook(input: $input) {
      priceBook {
        id
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdatePriceBook = graphql(`
  mutation UpdatePriceBook($input: UpdatePriceBookInput!) {
    updatePriceBook(input: $input) {
      priceBook {
        id
        name
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const SetPriceBookEntries = graphql(`
  mutation SetPriceBookEntries($input: SetPriceBookEntriesInput!) {
    setPriceBookEntries(input: $input) {
      priceBook {
        id
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const DeletePriceBook = graphql(`
  mutation DeletePriceBook($priceBookId: ID!) {
    deletePriceBook(priceBookId: $priceBookId) {
      deletedPriceBookId
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const QuotePrice = graphql(`
  query QuotePrice($input: QuotePriceInput!) {
    quotePrice(input: $input) {
      quantity
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
      priceSource
      priceRule {
        kind
        bookName
        minQuantity
      }
      tier
      region
      date
      sku {
        id
        code
        name
      }
    }
  }
`);

export const CustomerPicker = graphql(`
  query CustomerPicker($search: String) {
    customers(first: 20, filter: { search: $search }) {
      edges {
        node {
          id
          name
          tier
          region
        }
      }
    }
  }
`);

export const CustomerTiers = graphql(`
  query CustomerTiers {
    customerTiers
  }
`);

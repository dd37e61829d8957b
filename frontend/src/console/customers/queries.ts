import { graphql } from '../../gql';

export const CustomersList = graphql(`
  query CustomersList($first: Int, $after: String, $filter: CustomerFilter) {
    customers(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          name
          tier
          region
          tags
          email
          phone
          status
          owner {
            id
            name
          }
          creditLimit {
            amount
            currency
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

export const CustomerDetail = graphql(`
  query CustomerDetail($id: ID!) {
    node(id: $id) {
      ... on Customer {
        id
        name
        status
        tier
        region
        phone
        email
        externalRef
        notes
        tags
        createdAt
        paymentTerms {
          kind
          netDays
          instalments {
            percent
            trigger
            daysAfter
            label
          }
        }
        creditLimit {
          amount
          currency
        }
        owner {
          id
          name
        }
        department {
          key
          name
          nameCode
        }
        contacts {
          id
          name
          email
          phone
          portalEnabled
          lastPortalLoginAt
        }
        addresses {
          id
          kind
          label
          recipient
          phone
          line1
          line2
          city
          region
          postalCode
          country
          isDefault
        }
      }
    }
  }
`);

export const CreateCustomer = graphql(`
  mutation CreateCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      customer {
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

export const UpdateCustomer = graphql(`
  mutation UpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      customer {
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

export const SetCustomerTags = graphql(`
  mutation SetCustomerTags($input: SetCustomerTagsInput!) {
    setCustomerTags(input: $input) {
      customer {
        id
        tags
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const AddCustomerAddress = graphql(`
  mutation AddCustomerAddress($input: AddCustomerAddressInput!) {
    addCustomerAddress(input: $input) {
      address {
        id
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateCustomerAddress = graphql(`
  mutation UpdateCustomerAddress($input: UpdateCustomerAddressInput!) {
    updateCustomerAddress(input: $input) {
      address {
        id
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const SetDefaultCustomerAddress = graphql(`
  mutation SetDefaultCustomerAddress($addressId: ID!) {
    setDefaultCustomerAddress(addressId: $addressId) {
      address {
        id
        isDefault
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const RemoveCustomerAddress = graphql(`
  mutation RemoveCustomerAddress($addressId: ID!) {
    removeCustomerAddress(addressId: $addressId) {
      removedAddressId
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const AddContact = graphql(`
  mutation AddContact($input: AddContactInput!) {
    addContact(input: $input) {
      contact {
        id
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateContact = graphql(`
  mutation UpdateContact($input: UpdateContactInput!) {
    updateContact(input: $input) {
      contact {
        id
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const GrantPortalAccess = graphql(`
  mutation GrantPortalAccess($contactId: ID!) {
    grantPortalAccess(contactId: $contactId) {
      contact {
        id
        portalEnabled
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const RevokePortalAccess = graphql(`
  mutation RevokePortalAccess($contactId: ID!) {
    revokePortalAccess(contactId: $contactId) {
      contact {
        id
        portalEnabled
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

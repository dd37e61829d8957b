import { graphql } from '../../gql';

export const UsersList = graphql(`
  query UsersList($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          email
          name
          status
          lastLoginAt
          createdAt
          roles
          department {
            key
            name
            nameCode
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

export const DepartmentList = graphql(`
  query DepartmentList {
    departments {
      id
      key
      name
      nameCode
    }
  }
`);

export const RoleOptions = graphql(`
  query RoleOptions {
    roles {
      id
      key
      name
      nameCode
    }
  }
`);

export const InviteUser = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      user {
        id
        email
        status
        roles
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const UpdateUser = graphql(`
  mutation UpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      user {
        id
        name
        department {
          key
          name
          nameCode
        }
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const AssignRoles = graphql(`
  mutation AssignRoles($input: AssignRolesInput!) {
    assignRoles(input: $input) {
      subjectId
      roleKeys
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const ResendInvitation = graphql(`
  mutation ResendInvitation($userId: ID!) {
    resendInvitation(userId: $userId) {
      user {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const DeactivateUser = graphql(`
  mutation DeactivateUser($userId: ID!) {
    deactivateUser(userId: $userId) {
      user {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

export const ReactivateUser = graphql(`
  mutation ReactivateUser($userId: ID!) {
    reactivateUser(userId: $userId) {
      user {
        id
        status
      }
      userErrors {
        ...UserErrorFields
        code
      }
    }
  }
`);

import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { ID_PATTERN } from '../common/validators';

export class PupilIdParam {
  @ApiProperty({ format: 'uuid' }) @IsUUID() pupilId!: string;
}

export class PupilItemParam extends PupilIdParam {
  @ApiProperty({
    description: 'The id of the support action, referral, contract, order, notice or prosecution',
  })
  @Matches(ID_PATTERN, { message: '$property must be an id' })
  itemId!: string;
}
